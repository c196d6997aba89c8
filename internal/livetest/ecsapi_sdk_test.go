package livetest

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
)

// TestECSStandInSpeaksTheSDK drives the stand-in with the same SDK clients ecs_observer builds
// (aws-sdk-go-v2 config.LoadDefaultConfig with AWS_ENDPOINT_URL_ECS/EC2), so a protocol mistake
// shows here, fast, rather than as "no targets" in the live test.
func TestECSStandInSpeaksTheSDK(t *testing.T) {
	s := newECSStandIn(t, ecsTask{Cluster: "c", Service: "api", Family: "p-api", Revision: 3,
		ContainerDefs: []byte(`[{"name":"api","dockerLabels":{"PROMETHEUS_EXPORTER_PORT":"3000"},"portMappings":[{"containerPort":3000,"hostPort":0}]}]`),
		Container:     "api", ContainerPort: 3000, HostPort: 41000, HostPrivateIP: "127.0.0.1", NetworkMode: "bridge"})
	t.Setenv("AWS_ENDPOINT_URL_ECS", s.URL)
	t.Setenv("AWS_ENDPOINT_URL_EC2", s.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "x")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "x")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(standInRegion))
	if err != nil {
		t.Fatal(err)
	}
	ecsc, ec2c := ecs.NewFromConfig(cfg), ec2.NewFromConfig(cfg)

	list, err := ecsc.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String("c")})
	if err != nil || len(list.TaskArns) != 1 {
		t.Fatalf("ListTasks: %v %v", list, err)
	}
	tasks, err := ecsc.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String("c"), Tasks: list.TaskArns})
	if err != nil || len(tasks.Tasks) != 1 || aws.ToInt32(tasks.Tasks[0].Containers[0].NetworkBindings[0].HostPort) != 41000 {
		t.Fatalf("DescribeTasks: %+v %v", tasks, err)
	}
	def, err := ecsc.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: tasks.Tasks[0].TaskDefinitionArn})
	if err != nil || def.TaskDefinition.ContainerDefinitions[0].DockerLabels["PROMETHEUS_EXPORTER_PORT"] != "3000" || def.TaskDefinition.NetworkMode != "bridge" {
		t.Fatalf("DescribeTaskDefinition: %+v %v", def, err)
	}
	cis, err := ecsc.DescribeContainerInstances(ctx, &ecs.DescribeContainerInstancesInput{Cluster: aws.String("c"), ContainerInstances: []string{aws.ToString(tasks.Tasks[0].ContainerInstanceArn)}})
	if err != nil || aws.ToString(cis.ContainerInstances[0].Ec2InstanceId) != ec2InstanceID {
		t.Fatalf("DescribeContainerInstances: %+v %v", cis, err)
	}
	inst, err := ec2c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{ec2InstanceID}})
	if err != nil || len(inst.Reservations) != 1 || aws.ToString(inst.Reservations[0].Instances[0].PrivateIpAddress) != "127.0.0.1" {
		t.Fatalf("DescribeInstances: %+v %v", inst, err)
	}
	svcs, err := ecsc.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String("c"), Services: []string{"api"}})
	if err != nil || aws.ToString(svcs.Services[0].Deployments[0].Id) != aws.ToString(tasks.Tasks[0].StartedBy) {
		t.Fatalf("DescribeServices: %+v %v", svcs, err)
	}
}
