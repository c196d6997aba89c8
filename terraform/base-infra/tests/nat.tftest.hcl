# Offline: the AWS provider is mocked. Issue 10 items 3 and 4: a NAT instance that stays up.
mock_provider "aws" {
  # One instance-type offerings query per AZ (dependencies.tf): every AZ offers what the layer launches.
  mock_data "aws_ec2_instance_type_offerings" {
    defaults = {
      instance_types = ["t3.medium", "t4g.nano"]
    }
  }

  mock_data "aws_availability_zones" {
    defaults = {
      names = ["us-east-1a", "us-east-1b", "us-east-1c"]
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000001"
      # ACM gives the wildcard and the apex the same validation record.
      domain_validation_options = [
        {
          domain_name           = "*.hari328.net"
          resource_record_name  = "_abc.hari328.net."
          resource_record_type  = "CNAME"
          resource_record_value = "_xyz.acm-validations.aws."
        },
        {
          domain_name           = "hari328.net"
          resource_record_name  = "_abc.hari328.net."
          resource_record_type  = "CNAME"
          resource_record_value = "_xyz.acm-validations.aws."
        },
      ]
    }
  }
}

variables {
  nat_mode = "instance" # the rest: tests/layer.auto.tfvars
}

# tfcheck: own run (the next run plans a new AMI against the NAT instance it applies)
run "nat_instance_sets_itself_up_at_every_boot_without_a_download" {
  command = apply

  override_data {
    target = data.aws_ssm_parameter.nat_ami
    values = {
      insecure_value = "ami-0aaaaaaaaaaaaaaa1"
    }
  }

  assert {
    condition     = aws_instance.nat[0].ami == "ami-0aaaaaaaaaaaaaaa1"
    error_message = "The NAT instance must start from the AL2023 AMI its SSM parameter names."
  }

  assert {
    condition     = aws_instance.nat[0].user_data == templatefile("${path.module}/templates/nat-instance.sh.tftpl", { vpc_cidr = "10.0.0.0/16" })
    error_message = "The NAT instance's user data must be templates/nat-instance.sh.tftpl rendered for the VPC CIDR."
  }

  assert {
    condition     = strcontains(aws_instance.nat[0].user_data, "systemctl enable platform-nat.service") && strcontains(aws_instance.nat[0].user_data, "WantedBy=multi-user.target")
    error_message = "The NAT setup must run at every boot (a systemd unit), not once from cloud-init: a reboot or a failed first boot must not leave forwarding off."
  }

  assert {
    condition     = !can(regex("(?m)^[^#]*dnf install -y iptables-services", aws_instance.nat[0].user_data)) && can(regex("(?s)command -v nft.*command -v iptables.*retry dnf install -y nftables", aws_instance.nat[0].user_data))
    error_message = "The NAT setup must use the netfilter tools the AMI ships (nft, else iptables) and download nftables only as a retried last resort (dnf is OOM-killed on .nano instances)."
  }

  assert {
    condition     = strcontains(aws_instance.nat[0].user_data, "ip saddr 10.0.0.0/16 masquerade") && strcontains(aws_instance.nat[0].user_data, "net.ipv4.ip_forward=1")
    error_message = "The NAT setup must switch on IP forwarding and masquerade the VPC CIDR."
  }

  assert {
    condition     = strcontains(aws_instance.nat[0].user_data, "ip -4 route show default") && strcontains(aws_instance.nat[0].user_data, "retry curl")
    error_message = "The NAT setup must wait for its default route and retry what needs the network."
  }

  assert {
    condition     = strcontains(aws_instance.nat[0].user_data, "| tee /dev/console |") && can(regex("(?s)fail\\(\\) \\{.*log \"FAILED: .*systemctl poweroff", aws_instance.nat[0].user_data))
    error_message = "A failed NAT setup must be visible: logged on the serial console and the instance stopped, never a running NAT that forwards nothing."
  }

  assert {
    condition     = !can(regex("(?i)(secret|password|aws_access_key|aws_secret)", aws_instance.nat[0].user_data))
    error_message = "The NAT instance's user data must not contain secrets."
  }
}

# About every two weeks AWS points the "latest AL2023" parameter at a new AMI.
run "a_new_al2023_release_keeps_the_running_nat_instance" {
  command = plan

  override_data {
    target = data.aws_ssm_parameter.nat_ami
    values = {
      insecure_value = "ami-0bbbbbbbbbbbbbbb2"
    }
  }

  assert {
    condition     = aws_instance.nat[0].ami == "ami-0aaaaaaaaaaaaaaa1"
    error_message = "A new AL2023 AMI in the SSM parameter must not replace the running NAT instance (ignore_changes = [ami]); take it with terraform apply -replace='aws_instance.nat[0]'."
  }
}
