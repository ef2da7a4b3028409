// nhooyr.io/websocket echo server for the suite's table (tools/record/servers.py): the
// library's defaults (its Origin check included), subprotocols chat and superchat.
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o nhooyr-server nhooyr.go
package main

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"time"

	"nhooyr.io/websocket"
)

func main() {
	http.HandleFunc("/chat", func(w http.ResponseWriter, r *http.Request) {
		conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{"chat", "superchat"}})
		if err != nil {
			return
		}
		defer conn.Close(websocket.StatusNormalClosure, "")
		for {
			kind, message, err := conn.Read(context.Background())
			if err != nil {
				return
			}
			_ = conn.Write(context.Background(), kind, message)
		}
	})
	seconds, _ := strconv.Atoi(os.Args[2])
	go func() { time.Sleep(time.Duration(seconds) * time.Second); os.Exit(0) }()
	_ = http.ListenAndServe("127.0.0.1:"+os.Args[1], nil)
}
