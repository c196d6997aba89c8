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

// RetryInterval is how long a failed read is remembered. Everyone is refused
// meanwhile (the source fails closed), so it is short: one timed-out read on a
// cold start must not refuse every friend for a whole RefreshInterval. It still
// bounds a broken or missing parameter to one SSM call per RetryInterval per
// execution environment. A read stopped by its context (the invocation's
// deadline) is not remembered at all: the next invocation reads again.
const RetryInterval = 2 * time.Second

// ErrEmpty is returned by Source.Load when the parameter holds no address.
// Callers must treat it like any other error and refuse everyone (fail closed).
var ErrEmpty = errors.New("the allowlist is empty")

// parameterGetter is the one SSM call the source makes.
type parameterGetter interface {
	GetParameter(ctx context.Context, in *ssm.GetParameterInput, optFns ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
}

// Source reads the allowlist parameter and keeps a good read for
// RefreshInterval and a failed one for RetryInterval. It is safe for
// concurrent use.
type Source struct {
	client parameterGetter
	name   string
	now    func() time.Time

	mu       sync.Mutex
	loadedAt time.Time
	loaded   bool
	list     List
	err      error
}

// NewSource returns a Source reading the parameter name through client (an
// *ssm.Client in production).
func NewSource(client parameterGetter, name string) *Source {
	return newSource(client, name, time.Now)
}

func newSource(client parameterGetter, name string, now func() time.Time) *Source {
	return &Source{client: client, name: name, now: now}
}

// Name is the parameter the source reads.
func (s *Source) Name() string { return s.name }

// Load returns the allowlist, reading the parameter when the last read is older
// than RefreshInterval, or than RetryInterval when it failed. An empty list is
// returned as ErrEmpty (a read that succeeded: kept for RefreshInterval). An
// error caused by ctx (cancelled, deadline exceeded) is returned but not kept.
func (s *Source) Load(ctx context.Context) (List, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	now := s.now()
	if s.loaded && now.Sub(s.loadedAt) < s.keep() && !now.Before(s.loadedAt) {
		return s.list, s.err
	}
	list, err := s.read(ctx)
	if err != nil && (ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		// Not an answer about the parameter: do not let one slow read refuse
		// the next invocations.
		return List{}, err
	}
	s.list, s.err = list, err
	s.loadedAt, s.loaded = now, true
	return s.list, s.err
}

// keep is how long the last read is reused.
func (s *Source) keep() time.Duration {
	if s.err != nil && !errors.Is(s.err, ErrEmpty) {
		return RetryInterval
	}
	return RefreshInterval
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
