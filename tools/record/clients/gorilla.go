// gorilla/websocket client for the recorders (Debian's golang-github-gorilla-websocket-dev):
// dials URL offering chat and superchat with Origin http://127.0.0.1, prints `open` or
// `error: <reason>` as the library reports it.
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o gorilla-client gorilla.go
package main

import (
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/gorilla/websocket"
)

func main() {
	dialer := websocket.Dialer{HandshakeTimeout: 3 * time.Second, Subprotocols: []string{"chat", "superchat"}}
	conn, resp, err := dialer.Dial(os.Args[1], http.Header{"Origin": []string{"http://127.0.0.1"}})
	if err != nil {
		if resp != nil {
			fmt.Printf("error: %v (status %d)\n", err, resp.StatusCode)
		} else {
			fmt.Printf("error: %v\n", err)
		}
		return
	}
	fmt.Println("open")
	_ = conn.WriteMessage(websocket.TextMessage, []byte("hello"))
	_ = conn.SetReadDeadline(time.Now().Add(time.Second))
	_, _, _ = conn.ReadMessage()
	_ = conn.Close()
}
