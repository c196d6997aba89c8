package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/spf13/cobra"

	"github.com/hari328/platform/internal/layers"
	"github.com/hari328/platform/internal/tfrun"
)

func newBootstrapCmd(env *Env) *cobra.Command {
	return newLeaf(env, "bootstrap", `Applies terraform/bootstrap: the S3 state bucket every other layer keeps its state in. Its own
state moves into the bucket right after the first apply; then it writes .platform/backend.hcl.
Safe to re-run, also from a fresh clone. 'platformctl up' runs it first when needed.`, `  platformctl bootstrap
  platformctl --config platform.tfvars bootstrap`, awsRequired, runBootstrap)
}

// runBootstrap: platformctl bootstrap
//
// Applies terraform/bootstrap (the state bucket and lock table) and writes
// .platform/backend.hcl from its outputs. Safe to re-run, from any clone with
// credentials: the bootstrap layer keeps its own state in the bucket it
// creates, under bootstrap/terraform.tfstate (docs/s3-backend.md). Only the
// very first run, before the bucket exists, starts with a local state, which
// it moves into the bucket right after the apply
// (docs/decisions/0008-bootstrap-state-in-its-bucket.md).
func runBootstrap(ctx context.Context, env *Env, rest []string) error {
	if len(rest) > 0 {
		return usagef("bootstrap takes no arguments (got %q): run 'platformctl bootstrap'", rest[0])
	}
	d, err := newDeployer(ctx, env)
	if err != nil {
		return err
	}
	if _, err := env.AWS(ctx); err != nil {
		return err
	}
	if err := d.ws.prepare(); err != nil {
		return err
	}
	where := "s3://<bucket>/" + bootstrapLayer().StateKey()
	if d.ws.local {
		where = d.ws.statePath(bootstrapLayer())
	}
	d.announce("platformctl bootstrap", []string{
		fmt.Sprintf("bootstrap: apply the state bucket and lock table (state in %s), write %s", where, d.ws.backendFile()),
	})
	done := d.begin("bootstrap")
	if err := d.applyBootstrap(ctx); err != nil {
		return err
	}
	done()
	return nil
}

// bootstrapOverride is written beside terraform/bootstrap/backend.tf for the
// first apply only, while the bucket that will hold the state does not exist
// yet (an override file replaces the backend block). It is removed before
// the state moves into the bucket.
const bootstrapOverride = "# Written by platformctl bootstrap for the first apply only (the state bucket does not exist\n# yet); removed once the state has moved into the bucket. Delete it if a run was killed.\nterraform {\n  backend \"local\" {}\n}\n"

// applyBootstrap applies the bootstrap layer and writes the backend settings
// from its outputs. Running it again changes nothing.
//
//   - PLATFORM_BACKEND=local: the state stays on this machine, like every layer's.
//   - The bucket exists: init with the S3 backend (key bootstrap/terraform.tfstate),
//     moving a local terraform.tfstate left by an older platformctl into it
//     (init -migrate-state -force-copy); then apply.
//   - The bucket does not exist yet (first run): apply with a local state
//     (backend_override.tf), then move that state into the new bucket.
func (d *deployer) applyBootstrap(ctx context.Context) error {
	l := bootstrapLayer()
	apply := tfrun.Apply(d.opts(nil, nil), true)
	if d.ws.local {
		if err := d.init(ctx, l); err != nil {
			return err
		}
		if err := d.run(ctx, l, apply); err != nil {
			return err
		}
		b, err := d.bootstrapOutputs(ctx, l)
		if err != nil {
			return err
		}
		return d.writeBootstrapBackend(b)
	}

	bucket, exists, err := d.stateBucket(ctx)
	if err != nil {
		return err
	}
	localState := filepath.Join(d.ws.dir(l), "terraform.tfstate")
	hasLocal := fileExists(localState)
	color := d.env.StdoutIsTTY

	if exists {
		if hasLocal {
			fmt.Fprintf(d.env.Stderr, "    moving the local bootstrap state %s into s3://%s/%s\n", localState, bucket.Bucket, l.StateKey())
			if err := d.run(ctx, l, bootstrapInitS3(bucket, l, color, "-migrate-state", "-force-copy")); err != nil {
				return err
			}
			if err := d.retireLocalState(localState); err != nil {
				return err
			}
		} else {
			if err := d.run(ctx, l, bootstrapInitS3(bucket, l, color, "-reconfigure")); err != nil {
				return err
			}
			if err := d.requireBootstrapState(ctx, l, bucket); err != nil {
				return err
			}
		}
		d.inited[l.Name] = true
		if err := d.run(ctx, l, apply); err != nil {
			return err
		}
		b, err := d.bootstrapOutputs(ctx, l)
		if err != nil {
			return err
		}
		return d.writeBootstrapBackend(b)
	}

	// First run: no bucket yet, so the state starts local.
	override := filepath.Join(d.ws.dir(l), "backend_override.tf")
	if err := os.WriteFile(override, []byte(bootstrapOverride), 0o644); err != nil {
		return fmt.Errorf("write %s: %w: check the permissions of terraform/bootstrap", override, err)
	}
	defer os.Remove(override)
	if err := d.run(ctx, l, tfrun.InitLocal(true, color)); err != nil {
		return err
	}
	d.inited[l.Name] = true
	if err := d.run(ctx, l, apply); err != nil {
		return err
	}
	b, err := d.bootstrapOutputs(ctx, l)
	if err != nil {
		return err
	}
	if err := os.Remove(override); err != nil {
		return fmt.Errorf("remove %s: %w: delete it by hand, then re-run 'platformctl bootstrap' (it moves the state into the bucket)", override, err)
	}
	fmt.Fprintf(d.env.Stderr, "    moving the bootstrap state into the new bucket: s3://%s/%s\n", b.Bucket, l.StateKey())
	if err := d.run(ctx, l, bootstrapInitS3(b, l, color, "-migrate-state", "-force-copy")); err != nil {
		return err
	}
	if err := d.retireLocalState(localState); err != nil {
		return err
	}
	return d.writeBootstrapBackend(b)
}

// bootstrapInitS3 is `init` with the S3 backend at bootstrap's key, plus the
// given flags right after "init".
func bootstrapInitS3(b tfrun.Backend, l layers.Layer, color bool, flags ...string) []string {
	args := tfrun.InitS3(b, l.StateKey(), color)
	return append(append([]string{args[0]}, flags...), args[1:]...)
}

// initBootstrap initialises terraform/bootstrap for reading (plan, outputs)
// once its state is in the bucket.
func (d *deployer) initBootstrap(ctx context.Context, l layers.Layer) error {
	localState := filepath.Join(d.ws.dir(l), "terraform.tfstate")
	if fileExists(localState) {
		return fmt.Errorf("the bootstrap state is still local (%s): run 'platformctl bootstrap' to move it into the state bucket", localState)
	}
	b, ok, err := d.ws.readBackend()
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("layer %s keeps its state in the state bucket, and %s does not exist yet: run 'platformctl bootstrap'", l.Name, d.ws.backendFile())
	}
	return d.run(ctx, l, tfrun.InitS3(b, l.StateKey(), d.env.StdoutIsTTY))
}

// stateBucket names the state bucket (from .platform/backend.hcl, else from
// the bootstrap layer's naming rule <name_prefix>-tfstate-<account id>, see
// terraform/bootstrap/main.tf) and says whether it exists.
func (d *deployer) stateBucket(ctx context.Context) (tfrun.Backend, bool, error) {
	awsCfg, err := d.env.AWS(ctx)
	if err != nil {
		return tfrun.Backend{}, false, err
	}
	b, ok, err := d.ws.readBackend()
	if err != nil {
		return tfrun.Backend{}, false, err
	}
	if !ok {
		id, err := d.env.awsClients(awsCfg).STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			return tfrun.Backend{}, false, fmt.Errorf("get the account id (it names the state bucket): %w: check your credentials ('aws sso login' or AWS_PROFILE)", err)
		}
		b = tfrun.Backend{Bucket: stateBucketName(d.cfg.NamePrefix, aws.ToString(id.Account)), Region: d.cfg.Region}
	}
	_, err = d.env.awsClients(awsCfg).S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(b.Bucket)})
	switch {
	case err == nil:
		return b, true, nil
	case bucketNotFound(err):
		return b, false, nil
	default:
		return tfrun.Backend{}, false, fmt.Errorf("check the state bucket %s: %w: check the credentials' account and s3:ListBucket permission (a 403 on a bucket you never created means another account owns the name: change name_prefix)", b.Bucket, err)
	}
}

// stateBucketName is terraform/bootstrap/main.tf's local.bucket_name.
func stateBucketName(namePrefix, accountID string) string {
	return namePrefix + "-tfstate-" + accountID
}

func bucketNotFound(err error) bool {
	var nf *s3types.NotFound
	var nsb *s3types.NoSuchBucket
	if errors.As(err, &nf) || errors.As(err, &nsb) {
		return true
	}
	var ae smithy.APIError
	return errors.As(err, &ae) && (ae.ErrorCode() == "NotFound" || ae.ErrorCode() == "NoSuchBucket")
}

// requireBootstrapState refuses to apply when the bucket exists but holds no
// bootstrap state (it was created by a platformctl that kept that state on a
// laptop, and the laptop's copy is gone): the apply would fail on "bucket
// already exists". Importing the two resources once fixes it.
func (d *deployer) requireBootstrapState(ctx context.Context, l layers.Layer, b tfrun.Backend) error {
	var out, errb bytes.Buffer
	args := tfrun.StateList()
	if err := d.tf.Run(ctx, d.ws.dir(l), args, &out, &errb); err != nil {
		return fmt.Errorf("read the bootstrap state: %w: %s: investigate with: %s", err, firstLine(strings.TrimSpace(errb.String())), tfrun.CommandLine(d.ws.dir(l), d.bin, args))
	}
	if strings.TrimSpace(out.String()) != "" {
		return nil
	}
	vf := d.env.ConfigPath
	return fmt.Errorf("the state bucket %s exists but holds no bootstrap state (%s): import the bucket and the lock table once, then re-run 'platformctl bootstrap': cd terraform/bootstrap && %[3]s import -var-file=%[4]s aws_s3_bucket.state %[1]s && %[3]s import -var-file=%[4]s aws_dynamodb_table.lock %[5]s-tfstate-lock (docs/s3-backend.md)",
		b.Bucket, l.StateKey(), filepath.Base(d.bin), vf, d.cfg.NamePrefix)
}

// retireLocalState moves a local bootstrap state that is now in the bucket
// out of terraform/bootstrap (into .platform/, as a backup), so no later run
// copies a stale file over the bucket's state.
func (d *deployer) retireLocalState(localState string) error {
	for _, suffix := range []string{"", ".backup"} {
		src := localState + suffix
		if !fileExists(src) {
			continue
		}
		dst := filepath.Join(d.ws.stateDir, "bootstrap.local.tfstate"+suffix+".migrated")
		if err := os.Rename(src, dst); err != nil {
			return fmt.Errorf("move %s to %s: %w: the state is in the bucket now; delete %s by hand", src, dst, err, src)
		}
	}
	fmt.Fprintf(d.env.Stderr, "    the local copy is kept as a backup in %s (the bucket holds the state now)\n", d.ws.stateDir)
	return nil
}

// bootstrapOutputs reads the bucket and its region from the bootstrap outputs.
func (d *deployer) bootstrapOutputs(ctx context.Context, l layers.Layer) (tfrun.Backend, error) {
	outs, err := d.outputs(ctx, l)
	if err != nil {
		return tfrun.Backend{}, err
	}
	b := tfrun.Backend{Bucket: tfrun.String(outs, layers.OutputStateBucket), Region: tfrun.String(outs, layers.OutputStateBucketRegion)}
	if b.Region == "" {
		b.Region = d.cfg.Region
	}
	if b.Bucket == "" {
		return tfrun.Backend{}, fmt.Errorf("read bootstrap outputs: no %q output: check terraform/bootstrap/outputs.tf", layers.OutputStateBucket)
	}
	return b, nil
}

func (d *deployer) writeBootstrapBackend(b tfrun.Backend) error {
	if err := d.ws.writeBackend(b); err != nil {
		return err
	}
	fmt.Fprintf(d.env.Stderr, "    backend settings written to %s (bucket %s, region %s)\n", d.ws.backendFile(), b.Bucket, b.Region)
	return nil
}
