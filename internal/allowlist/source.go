package allowlist

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// RefreshInterval is how long a read of the parameter is reused: the parameter is
// read at most once per interval per Lambda execution environment, so a friend
// added with `platformctl friends add` may wait up to this long (docs/sso.md).
const RefreshInterval = time.Minute

// ErrEmpty is returned by Source.Load when the parameter holds no address.
// Callers must treat it like any other error and refuse everyone (fail closed).
var ErrEmpty = errors.New("the allowlist is empty")

// parameterGetter is the one SSM call the source makes.
type parameterGetter interface {
	GetParameter(ctx context.Context, in *ssm.GetParameterInput, optFns ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
}

// Source reads the allowlist parameter and keeps the result, good or bad, for
// RefreshInterval. It is safe for concurrent use.
type Source struct {
	client   parameterGetter
	name     string
	now      func() time.Time
	interval time.Duration

	mu       sync.Mutex
	loadedAt time.Time
	loaded   bool
	list     List
	err      error
}

// NewSource returns a Source reading the parameter name through client (an
// *ssm.Client in production).
func NewSource(client parameterGetter, name string) *Source {
	return newSource(client, name, time.Now, RefreshInterval)
}

func newSource(client parameterGetter, name string, now func() time.Time, interval time.Duration) *Source {
	return &Source{client: client, name: name, now: now, interval: interval}
}

// Name is the parameter the source reads.
func (s *Source) Name() string { return s.name }

// Load returns the allowlist, reading the parameter when the last read is older
// than RefreshInterval. A failed read is remembered for the same interval, so a
// broken or missing parameter costs one SSM call a minute, and refuses everyone
// meanwhile. An empty list is returned as ErrEmpty.
func (s *Source) Load(ctx context.Context) (List, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	now := s.now()
	if s.loaded && now.Sub(s.loadedAt) < s.interval && !now.Before(s.loadedAt) {
		return s.list, s.err
	}
	s.list, s.err = s.read(ctx)
	s.loadedAt, s.loaded = now, true
	return s.list, s.err
}

func (s *Source) read(ctx context.Context) (List, error) {
	out, err := s.client.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(s.name)})
	if err != nil {
		return List{}, fmt.Errorf("read parameter %s: %w", s.name, err)
	}
	if out == nil || out.Parameter == nil || out.Parameter.Value == nil {
		return List{}, fmt.Errorf("read parameter %s: the response has no value", s.name)
	}
	list := Parse(aws.ToString(out.Parameter.Value))
	if list.Len() == 0 {
		return List{}, fmt.Errorf("read parameter %s: %w", s.name, ErrEmpty)
	}
	return list, nil
}
