package main

import (
	"strings"
	"sync"

	"github.com/go-logr/logr"
)

// quietSink passes every log line through but the repeats of the controller's failing
// nftables sync. A kernel without nftables' queue expression (CONFIG_NFT_QUEUE) refuses
// the controller's rules on every pod or policy change, each time with a dozen lines,
// while the cluster diverts packets to the controller's queue with iptables instead
// (scripts/cluster/network-policy-queue.ts). The first line of each kind is kept.
type quietSink struct {
	logr.LogSink
	seen *seenMessages
}

type seenMessages struct {
	mu   sync.Mutex
	keys map[string]bool
}

// The sync's refusal reads "netlink receive: no such file or directory".
const refusedSync = "netlink receive"

func isSyncNoise(msg string, err error, keysAndValues []any) bool {
	if msg == "Syncing nftables rules" {
		return true
	}
	if err != nil && strings.Contains(err.Error(), refusedSync) {
		return true
	}
	for _, value := range keysAndValues {
		if text, ok := value.(error); ok && strings.Contains(text.Error(), refusedSync) {
			return true
		}
		if text, ok := value.(string); ok && strings.Contains(text, refusedSync) {
			return true
		}
	}
	return false
}

func (s *quietSink) keep(msg string, err error, keysAndValues []any) bool {
	if !isSyncNoise(msg, err, keysAndValues) {
		return true
	}
	s.seen.mu.Lock()
	defer s.seen.mu.Unlock()
	if s.seen.keys[msg] {
		return false
	}
	s.seen.keys[msg] = true
	return true
}

func (s *quietSink) Info(level int, msg string, keysAndValues ...any) {
	if s.keep(msg, nil, keysAndValues) {
		s.LogSink.Info(level, msg, keysAndValues...)
	}
}

func (s *quietSink) Error(err error, msg string, keysAndValues ...any) {
	if s.keep(msg, err, keysAndValues) {
		s.LogSink.Error(err, msg, keysAndValues...)
	}
}

func (s *quietSink) WithValues(keysAndValues ...any) logr.LogSink {
	return &quietSink{LogSink: s.LogSink.WithValues(keysAndValues...), seen: s.seen}
}

func (s *quietSink) WithName(name string) logr.LogSink {
	return &quietSink{LogSink: s.LogSink.WithName(name), seen: s.seen}
}

// WithCallDepth keeps the caller's file and line in each line: this sink adds one frame.
func (s *quietSink) WithCallDepth(depth int) logr.LogSink {
	if sink, ok := s.LogSink.(logr.CallDepthLogSink); ok {
		return &quietSink{LogSink: sink.WithCallDepth(depth), seen: s.seen}
	}
	return s
}

func newQuietLogger(base logr.Logger) logr.Logger {
	// After New: New's Init sets the depth logr itself needs, this adds the sink's frame.
	return logr.New(&quietSink{LogSink: base.GetSink(), seen: &seenMessages{keys: map[string]bool{}}}).WithCallDepth(1)
}
