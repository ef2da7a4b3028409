// The page listens to the sandbox's reports, as a docs page could (to show a hint, say).
document.getElementById('sandbox').addEventListener('wslens-report', (event) => {
  const exchange = event.detail.exchanges[0];
  document.getElementById('last-verdict').textContent = exchange ? `${exchange.verdict.handshake}: ${exchange.headline}` : 'nothing to check';
});
