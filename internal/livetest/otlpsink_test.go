package livetest

import (
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
)

// received is what a Loki or Tempo stand-in got: one entry per resource, its attributes
// flattened to strings, and how many records (log records or spans) it carried.
type received struct {
	Attributes map[string]string
	Records    int
	Names      []string // span names (traces) or bodies (logs)
}

type sink struct {
	mu   sync.Mutex
	got  []received
	path map[string]int // request path -> requests
}

func (s *sink) add(r received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, r)
}

func (s *sink) Received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

func attrs(m pcommon.Map) map[string]string {
	out := map[string]string{}
	m.Range(func(k string, v pcommon.Value) bool {
		out[k] = v.AsString()
		return true
	})
	return out
}

// lokiStandIn accepts OTLP/HTTP logs (protobuf, optionally gzip) on path, where Loki 3
// serves its native OTLP ingestion (/otlp/v1/logs).
func lokiStandIn(t *testing.T, path string) (*httptest.Server, *sink) {
	t.Helper()
	s := &sink{path: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.path[r.URL.Path]++
		s.mu.Unlock()
		if r.Method != http.MethodPost || r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		var body io.Reader = r.Body
		if r.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			body = zr
		}
		b, err := io.ReadAll(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		req := plogotlp.NewExportRequest()
		if err := req.UnmarshalProto(b); err != nil {
			http.Error(w, "not an OTLP protobuf logs request: "+err.Error(), http.StatusBadRequest)
			return
		}
		rls := req.Logs().ResourceLogs()
		for i := range rls.Len() {
			rl := rls.At(i)
			rec := received{Attributes: attrs(rl.Resource().Attributes())}
			for j := range rl.ScopeLogs().Len() {
				lrs := rl.ScopeLogs().At(j).LogRecords()
				rec.Records += lrs.Len()
				for k := range lrs.Len() {
					rec.Names = append(rec.Names, lrs.At(k).Body().AsString())
				}
			}
			s.add(rec)
		}
		resp, _ := plogotlp.NewExportResponse().MarshalProto()
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(resp)
	}))
	t.Cleanup(srv.Close)
	return srv, s
}

// tempoStandIn accepts OTLP/gRPC traces, as Tempo's distributor does on its OTLP gRPC port.
type tempoStandIn struct {
	ptraceotlp.UnimplementedGRPCServer
	sink
}

func (s *tempoStandIn) Export(_ context.Context, req ptraceotlp.ExportRequest) (ptraceotlp.ExportResponse, error) {
	rss := req.Traces().ResourceSpans()
	for i := range rss.Len() {
		rs := rss.At(i)
		rec := received{Attributes: attrs(rs.Resource().Attributes())}
		for j := range rs.ScopeSpans().Len() {
			spans := rs.ScopeSpans().At(j).Spans()
			rec.Records += spans.Len()
			for k := range spans.Len() {
				rec.Names = append(rec.Names, spans.At(k).Name())
			}
		}
		s.add(rec)
	}
	return ptraceotlp.NewExportResponse(), nil
}

func startTempoStandIn(t *testing.T) (string, *tempoStandIn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	ts := &tempoStandIn{}
	ptraceotlp.RegisterGRPCServer(srv, ts)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)
	return ln.Addr().String(), ts
}
