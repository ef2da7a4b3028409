// gorilla/websocket echo server for the suite's table (tools/record/servers.py): the library's
// defaults (its Origin check included), subprotocols chat and superchat, 127.0.0.1 only.
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o gorilla-server gorilla.go
package main

import (
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/gorilla/websocket"
)

func main() {
	upgrader := websocket.Upgrader{Subprotocols: []string{"chat", "superchat"}}
	http.HandleFunc("/chat", func(w http.ResponseWriter, r *http.Request) {
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		for {
			kind, message, err := conn.ReadMessage()
			if err != nil {
				return
			}
			_ = conn.WriteMessage(kind, message)
		}
	})
	seconds, _ := strconv.Atoi(os.Args[2])
	go func() { time.Sleep(time.Duration(seconds) * time.Second); os.Exit(0) }()
	_ = http.ListenAndServe("127.0.0.1:"+os.Args[1], nil)
}
