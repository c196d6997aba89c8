// Package awsdeadline gives every AWS API call made through an aws.Config a
// deadline, and turns a call that runs out of time into one line naming the
// endpoint it waited for and what to check.
//
// Without it an endpoint that accepts the connection and never answers (a
// wrong AWS_ENDPOINT_URL, a proxy that swallows requests) makes platformctl
// wait forever: aws-sdk-go-v2's default HTTP client sets connect and TLS
// handshake timeouts but none for the response (aws/transport/http/client.go,
// NewBuildableClient), and its retryer bounds attempts, not time.
package awsdeadline

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Default is how long one API call may take, retries included.
const Default = 30 * time.Second

// MaxAttempts bounds the SDK's attempts for one call (its standard retryer's
// default, set explicitly so it cannot grow with the environment's
// AWS_MAX_ATTEMPTS).
const MaxAttempts = 3

// LoadOptions are config.LoadDefaultConfig options that bound every call made
// with the loaded configuration (and the credential providers it builds) to d:
// each attempt through the HTTP client's timeout, the whole call, retries
// included, through a deadline on its context.
func LoadOptions(d time.Duration) []func(*config.LoadOptions) error {
	return []func(*config.LoadOptions) error{
		config.WithRetryMaxAttempts(MaxAttempts),
		config.WithHTTPClient(awshttp.NewBuildableClient().WithTimeout(d)),
		config.WithAPIOptions([]func(*middleware.Stack) error{func(s *middleware.Stack) error { return AddTo(s, d) }}),
	}
}

// Apply bounds the calls of clients built from cfg afterwards, like LoadOptions.
func Apply(cfg *aws.Config, d time.Duration) {
	cfg.RetryMaxAttempts = MaxAttempts
	cfg.HTTPClient = awshttp.NewBuildableClient().WithTimeout(d)
	cfg.APIOptions = append(cfg.APIOptions, func(s *middleware.Stack) error { return AddTo(s, d) })
}

// TimeoutError is a call that did not complete within its deadline.
type TimeoutError struct {
	Service  string // the SDK's service id, e.g. "SSM"
	Region   string
	Endpoint string // the URL the request went to; "" if it never got that far
	After    time.Duration
	Err      error // what the SDK returned
}

func (e *TimeoutError) Error() string {
	where := e.Endpoint
	if where == "" {
		where = "the " + e.Service + " endpoint"
	}
	env := "AWS_ENDPOINT_URL_" + strings.ReplaceAll(strings.ToUpper(e.Service), " ", "_")
	return fmt.Sprintf("no answer from %s (region %s) within %s: check your network connection, HTTPS_PROXY/NO_PROXY, and %s or AWS_ENDPOINT_URL if one is set",
		where, e.Region, e.After, env)
}

// Unwrap keeps errors.Is(err, context.DeadlineExceeded) true.
func (e *TimeoutError) Unwrap() error { return e.Err }

type callKey struct{}

// call is what the request records for the error message.
type call struct {
	service, region, endpoint string
}

// AddTo adds the deadline to one operation's middleware stack.
func AddTo(s *middleware.Stack, d time.Duration) error {
	if err := s.Initialize.Add(middleware.InitializeMiddlewareFunc("platformDeadline", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		parent := ctx
		ctx, cancel := context.WithTimeout(ctx, d)
		c := &call{}
		ctx = context.WithValue(ctx, callKey{}, c)
		out, md, err := next.HandleInitialize(ctx, in)
		if err == nil {
			// A streaming response body (S3 GetObject) is read after the
			// call returns, under the same deadline: cancel when it expires.
			time.AfterFunc(d, cancel)
			return out, md, nil
		}
		timedOut := ctx.Err() == context.DeadlineExceeded || isNetTimeout(err)
		cancel()
		if timedOut && parent.Err() == nil {
			return out, md, &TimeoutError{Service: c.service, Region: c.region, Endpoint: c.endpoint, After: d, Err: err}
		}
		return out, md, err
	}), middleware.Before); err != nil {
		return err
	}
	// Last in the finalize step: the endpoint is resolved by then.
	return s.Finalize.Add(middleware.FinalizeMiddlewareFunc("platformDeadlineEndpoint", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
		if c, ok := ctx.Value(callKey{}).(*call); ok {
			c.service, c.region = awsmiddleware.GetServiceID(ctx), awsmiddleware.GetRegion(ctx)
			if req, ok := in.Request.(*smithyhttp.Request); ok && req.URL != nil {
				c.endpoint = req.URL.Scheme + "://" + req.URL.Host
			}
		}
		return next.HandleFinalize(ctx, in)
	}), middleware.After)
}

func isNetTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
