package livetest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// The stand-in for the two AWS APIs ecs_observer v0.165.0 calls (extension/observer/ecsobserver
// fetcher.go): ECS ListTasks, DescribeTasks, DescribeTaskDefinition, DescribeContainerInstances,
// ListServices, DescribeServices (AWS JSON 1.1 protocol: POST /, X-Amz-Target
// AmazonEC2ContainerServiceV20141113.<Operation>, Content-Type application/x-amz-json-1.1), and
// EC2 DescribeInstances (EC2 query protocol: form-encoded Action=DescribeInstances, XML answer).
// The observer builds its clients with aws-sdk-go-v2 config.LoadDefaultConfig, which honours
// AWS_ENDPOINT_URL_ECS and AWS_ENDPOINT_URL_EC2 (AWS SDKs and Tools reference guide,
// "Service-specific endpoints").

const (
	ecsTargetPrefix = "AmazonEC2ContainerServiceV20141113."
	standInAccount  = "123456789012"
	standInRegion   = "us-east-1"
	ec2InstanceID   = "i-0livetest0000001"
)

// ecsTask is the one running task the stand-in serves.
type ecsTask struct {
	Cluster        string
	Service        string
	Family         string
	Revision       int
	ContainerDefs  json.RawMessage // the task definition's containerDefinitions, as the module renders them
	Container      string          // the container whose port is mapped
	ContainerPort  int
	HostPort       int
	HostPrivateIP  string
	NetworkMode    string
	DeploymentID   string
	TaskDefinition string
}

// ecsStandIn is an httptest server answering both APIs and recording the calls it got.
type ecsStandIn struct {
	*httptest.Server
	task ecsTask

	mu    sync.Mutex
	calls []string
}

func newECSStandIn(t *testing.T, task ecsTask) *ecsStandIn {
	t.Helper()
	if task.TaskDefinition == "" {
		task.TaskDefinition = fmt.Sprintf("arn:aws:ecs:%s:%s:task-definition/%s:%d", standInRegion, standInAccount, task.Family, task.Revision)
	}
	if task.DeploymentID == "" {
		task.DeploymentID = "ecs-svc/1234567890123456789"
	}
	s := &ecsStandIn{task: task}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *ecsStandIn) Calls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.calls...)
}

func (s *ecsStandIn) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if target := r.Header.Get("X-Amz-Target"); strings.HasPrefix(target, ecsTargetPrefix) {
		op := strings.TrimPrefix(target, ecsTargetPrefix)
		s.record("ecs:" + op)
		s.serveECS(w, op, body)
		return
	}
	form, _ := url.ParseQuery(string(body))
	if form.Get("Action") == "DescribeInstances" {
		s.record("ec2:DescribeInstances")
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>00000000-0000-0000-0000-000000000001</requestId>
  <reservationSet><item>
    <reservationId>r-0livetest</reservationId>
    <ownerId>%s</ownerId>
    <instancesSet><item>
      <instanceId>%s</instanceId>
      <instanceType>t3.small</instanceType>
      <privateIpAddress>%s</privateIpAddress>
      <vpcId>vpc-0livetest</vpcId>
      <subnetId>subnet-0livetest</subnetId>
      <instanceState><code>16</code><name>running</name></instanceState>
    </item></instancesSet>
  </item></reservationSet>
</DescribeInstancesResponse>`, standInAccount, ec2InstanceID, s.task.HostPrivateIP)
		return
	}
	s.record("unknown:" + r.Header.Get("X-Amz-Target") + form.Get("Action"))
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprint(w, `{"__type":"UnknownOperationException","message":"the live-test stand-in does not serve this operation"}`)
}

func (s *ecsStandIn) record(call string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, call)
}

func (s *ecsStandIn) serveECS(w http.ResponseWriter, op string, _ []byte) {
	t := s.task
	clusterARN := fmt.Sprintf("arn:aws:ecs:%s:%s:cluster/%s", standInRegion, standInAccount, t.Cluster)
	taskARN := fmt.Sprintf("arn:aws:ecs:%s:%s:task/%s/0123456789abcdef0123456789abcdef", standInRegion, standInAccount, t.Cluster)
	ciARN := fmt.Sprintf("arn:aws:ecs:%s:%s:container-instance/%s/fedcba9876543210fedcba9876543210", standInRegion, standInAccount, t.Cluster)
	serviceARN := fmt.Sprintf("arn:aws:ecs:%s:%s:service/%s/%s", standInRegion, standInAccount, t.Cluster, t.Service)
	var out any
	switch op {
	case "ListTasks":
		out = map[string]any{"taskArns": []string{taskARN}}
	case "DescribeTasks":
		out = map[string]any{"failures": []any{}, "tasks": []any{map[string]any{
			"taskArn": taskARN, "clusterArn": clusterARN, "taskDefinitionArn": t.TaskDefinition,
			"containerInstanceArn": ciARN, "launchType": "EC2", "lastStatus": "RUNNING",
			"desiredStatus": "RUNNING", "group": "service:" + t.Service, "startedBy": t.DeploymentID,
			"healthStatus": "HEALTHY", "tags": []any{},
			"containers": []any{map[string]any{
				"name": t.Container, "lastStatus": "RUNNING", "healthStatus": "HEALTHY",
				"networkBindings": []any{map[string]any{
					"bindIP": "0.0.0.0", "containerPort": t.ContainerPort, "hostPort": t.HostPort, "protocol": "tcp",
				}},
			}},
		}}}
	case "DescribeTaskDefinition":
		out = map[string]any{"taskDefinition": map[string]any{
			"taskDefinitionArn": t.TaskDefinition, "family": t.Family, "revision": t.Revision,
			"networkMode": t.NetworkMode, "status": "ACTIVE", "containerDefinitions": t.ContainerDefs,
		}, "tags": []any{}}
	case "DescribeContainerInstances":
		out = map[string]any{"failures": []any{}, "containerInstances": []any{map[string]any{
			"containerInstanceArn": ciARN, "ec2InstanceId": ec2InstanceID, "status": "ACTIVE",
		}}}
	case "ListServices":
		out = map[string]any{"serviceArns": []string{serviceARN}}
	case "DescribeServices":
		out = map[string]any{"failures": []any{}, "services": []any{map[string]any{
			"serviceArn": serviceARN, "serviceName": t.Service, "clusterArn": clusterARN,
			"status": "ACTIVE", "taskDefinition": t.TaskDefinition,
			"deployments": []any{map[string]any{"id": t.DeploymentID, "status": "PRIMARY", "taskDefinition": t.TaskDefinition}},
		}}}
	default:
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"__type":"InvalidParameterException","message":"the live-test stand-in does not serve %s"}`, op)
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_ = json.NewEncoder(w).Encode(out)
}
