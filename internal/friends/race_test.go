package friends

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/hari328/platform/internal/allowlist"
)

// versionedSSM keeps every version of the allowlist parameter, numbered 1, 2,
// 3... as SSM does, and answers "name:version". beforePut runs before each of
// our PutParameter calls (the n-th, from 1): a test uses it to let another
// `friends add`/`remove` write in between our read and our write.
type versionedSSM struct {
	mu        sync.Mutex
	versions  []string // versions[i] is version i+1
	puts      int
	beforePut func(n int, f *versionedSSM)
}

// GetParameters is in awsapi.SSM for status and verify; friends never calls it.
func (f *versionedSSM) GetParameters(context.Context, *ssm.GetParametersInput, ...func(*ssm.Options)) (*ssm.GetParametersOutput, error) {
	return nil, errors.New("friends does not call GetParameters")
}

func newVersioned(initial string) *versionedSSM { return &versionedSSM{versions: []string{initial}} }

func (f *versionedSSM) GetParameter(_ context.Context, in *ssm.GetParameterInput, _ ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	name, version := aws.ToString(in.Name), int64(len(f.versions))
	if base, v, ok := strings.Cut(name, ":"); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 || n > int64(len(f.versions)) {
			return nil, &ssmtypes.ParameterVersionNotFound{Message: aws.String(name)}
		}
		name, version = base, n
	}
	switch name {
	case UserPoolIDParameter:
		return &ssm.GetParameterOutput{Parameter: &ssmtypes.Parameter{Name: in.Name, Value: aws.String("us-east-1_pool")}}, nil
	case AllowlistParameter:
	default:
		return nil, fmt.Errorf("unexpected parameter %s", name)
	}
	return &ssm.GetParameterOutput{Parameter: &ssmtypes.Parameter{
		Name: aws.String(name), Value: aws.String(f.versions[version-1]), Version: version,
	}}, nil
}

func (f *versionedSSM) PutParameter(_ context.Context, in *ssm.PutParameterInput, _ ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
	f.mu.Lock()
	f.puts++
	hook := f.beforePut
	n := f.puts
	f.mu.Unlock()
	if hook != nil {
		hook(n, f)
	}
	return &ssm.PutParameterOutput{Version: f.put(aws.ToString(in.Value))}, nil
}

// put stores a new version (the other writer uses it directly).
func (f *versionedSSM) put(value string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.versions = append(f.versions, value)
	return int64(len(f.versions))
}

func (f *versionedSSM) latest() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.versions[len(f.versions)-1]
}

// otherWrites makes the hook: before our first `times` writes, another
// platformctl reads the then current list and writes it with its own change.
func otherWrites(times int, change func(n int, l allowlist.List) allowlist.List) func(int, *versionedSSM) {
	return func(n int, f *versionedSSM) {
		if n <= times {
			f.put(change(n, allowlist.Parse(f.latest())).String())
		}
	}
}

func TestConcurrentEditIsNotLost(t *testing.T) {
	add := func(e string) func(int, allowlist.List) allowlist.List {
		return func(_ int, l allowlist.List) allowlist.List { return allowlist.New(append(l.Emails(), e)) }
	}
	remove := func(e string) func(int, allowlist.List) allowlist.List {
		return func(_ int, l allowlist.List) allowlist.List {
			return allowlist.New(slices.DeleteFunc(l.Emails(), func(x string) bool { return x == e }))
		}
	}
	tests := []struct {
		name     string
		initial  string
		ours     func(*Service) error
		other    func(int, *versionedSSM)
		want     string // the list at the end
		wantPuts int
		wantErr  string
	}{
		{
			name:     "no one else writes: one write",
			initial:  "a@x.com",
			ours:     func(s *Service) error { _, err := s.Add(context.Background(), "me@x.com"); return err },
			want:     "a@x.com,me@x.com",
			wantPuts: 1,
		},
		{
			name:     "another add between our read and write is kept",
			initial:  "a@x.com",
			ours:     func(s *Service) error { _, err := s.Add(context.Background(), "me@x.com"); return err },
			other:    otherWrites(1, add("other@x.com")),
			want:     "a@x.com,me@x.com,other@x.com",
			wantPuts: 2,
		},
		{
			name:     "another remove between our read and write stays removed",
			initial:  "a@x.com,b@x.com",
			ours:     func(s *Service) error { _, err := s.Add(context.Background(), "me@x.com"); return err },
			other:    otherWrites(1, remove("b@x.com")),
			want:     "a@x.com,me@x.com",
			wantPuts: 2,
		},
		{
			name:     "our remove and another add",
			initial:  "a@x.com,b@x.com",
			ours:     func(s *Service) error { _, err := s.Remove(context.Background(), "b@x.com", ""); return err },
			other:    otherWrites(1, add("other@x.com")),
			want:     "a@x.com,other@x.com",
			wantPuts: 2,
		},
		{
			name:    "others write between each of our writes: still merged",
			initial: "a@x.com",
			ours:    func(s *Service) error { _, err := s.Add(context.Background(), "me@x.com"); return err },
			other: otherWrites(3, func(n int, l allowlist.List) allowlist.List {
				return allowlist.New(append(l.Emails(), fmt.Sprintf("o%d@x.com", n)))
			}),
			want:     "a@x.com,me@x.com,o1@x.com,o2@x.com,o3@x.com",
			wantPuts: 4,
		},
		{
			name:    "others never stop: bounded, with the next step",
			initial: "a@x.com",
			ours:    func(s *Service) error { _, err := s.Add(context.Background(), "me@x.com"); return err },
			other: otherWrites(100, func(n int, l allowlist.List) allowlist.List {
				return allowlist.New(append(l.Emails(), fmt.Sprintf("o%d@x.com", n)))
			}),
			wantPuts: maxWrites,
			wantErr:  "others kept changing it at the same time (5 attempts): check it with 'platformctl friends list' and re-run",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newVersioned(tt.initial)
			f.beforePut = tt.other
			err := tt.ours(NewWith(f, &fake{poolID: "pool"}))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if f.puts != tt.wantPuts {
				t.Errorf("%d PutParameter calls, want %d", f.puts, tt.wantPuts)
			}
			if tt.want != "" && f.latest() != tt.want {
				t.Errorf("allowlist = %q, want %q (an edit was lost)", f.latest(), tt.want)
			}
		})
	}
}

// Two `friends add` run at once: both read the same version before either
// writes. Neither address may be lost.
func TestTwoAddsAtOnce(t *testing.T) {
	f := newVersioned("a@x.com")
	var bothRead sync.WaitGroup
	bothRead.Add(2)
	reader := &barrierSSM{versionedSSM: f, bothRead: &bothRead}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, e := range []string{"b@x.com", "c@x.com"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = NewWith(reader, &fake{}).Add(context.Background(), e)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := f.latest(); got != "a@x.com,b@x.com,c@x.com" {
		t.Errorf("allowlist = %q, want both additions", got)
	}
}

// barrierSSM holds each caller's first read of the latest version until both
// callers have read it.
type barrierSSM struct {
	*versionedSSM
	bothRead *sync.WaitGroup
	mu       sync.Mutex
	reads    int
}

func (b *barrierSSM) GetParameter(ctx context.Context, in *ssm.GetParameterInput, o ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	out, err := b.versionedSSM.GetParameter(ctx, in, o...)
	b.mu.Lock()
	b.reads++
	first := b.reads <= 2
	b.mu.Unlock()
	if first {
		b.bothRead.Done()
		b.bothRead.Wait()
	}
	return out, err
}
