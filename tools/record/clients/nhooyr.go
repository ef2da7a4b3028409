// nhooyr.io/websocket client for the recorders (Debian's golang-nhooyr-websocket-dev, the
// library that became coder/websocket): dials URL offering chat and superchat with Origin
// http://127.0.0.1, prints `open` or `error: <reason>` as the library reports it.
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o nhooyr-client nhooyr.go
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"

	"nhooyr.io/websocket"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, os.Args[1], &websocket.DialOptions{
		Subprotocols: []string{"chat", "superchat"},
		HTTPHeader:   http.Header{"Origin": []string{"http://127.0.0.1"}},
	})
	if err != nil {
		fmt.Printf("error: %v\n", err)
		return
	}
	fmt.Println("open")
	_ = conn.Write(ctx, websocket.MessageText, []byte("hello"))
	readCtx, readCancel := context.WithTimeout(ctx, time.Second)
	_, _, _ = conn.Read(readCtx)
	readCancel()
	_ = conn.Close(websocket.StatusNormalClosure, "")
}
