"""Provision a custom WorkSpaces image on a local moto server and print its id.

moto can only create an image from a WorkSpace, so this walks the nine calls moto needs
(as moto's WorkSpaces emulation requires): a VPC with two subnets in two zones, a Simple AD
directory, its registration with WorkSpaces, one WorkSpace, and an image of it.

Usage: python provision_image.py ENDPOINT_URL [REGION]
Only a loopback ENDPOINT_URL is accepted. The calls are signed with AWS_ACCESS_KEY_ID /
AWS_SECRET_ACCESS_KEY when set (moto in signature-checking mode needs keys it issued),
otherwise with the AWS documentation's example keys.
"""

import os
import sys
import urllib.parse
import uuid

import boto3


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: provision_image.py ENDPOINT_URL [REGION]", file=sys.stderr)
        return 2
    endpoint = sys.argv[1]
    region = sys.argv[2] if len(sys.argv) > 2 else "us-east-1"
    host = urllib.parse.urlsplit(endpoint).hostname
    if host not in ("127.0.0.1", "::1", "localhost"):
        print(f"refusing a non-loopback endpoint: {endpoint}", file=sys.stderr)
        return 2
    session = boto3.session.Session(
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        aws_secret_access_key=os.environ.get(
            "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        ),
        region_name=region,
    )
    ec2 = session.client("ec2", endpoint_url=endpoint)
    ds = session.client("ds", endpoint_url=endpoint)
    ws = session.client("workspaces", endpoint_url=endpoint)

    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=f"{region}{zone}")["Subnet"]["SubnetId"]
        for cidr, zone in (("10.0.1.0/24", "a"), ("10.0.2.0/24", "b"))
    ]
    directory = ds.create_directory(
        Name="corp.example.com",
        Password="Passw0rd-Example",
        Size="Small",
        VpcSettings={"VpcId": vpc, "SubnetIds": subnets},
    )["DirectoryId"]
    ws.register_workspace_directory(DirectoryId=directory)
    created = ws.create_workspaces(
        Workspaces=[{"DirectoryId": directory, "UserName": "demo-user", "BundleId": "wsb-bh8rsxt14"}]
    )
    pending = created.get("PendingRequests") or []
    if not pending:
        print(f"moto did not create the WorkSpace: {created.get('FailedRequests')}", file=sys.stderr)
        return 1
    image = ws.create_workspace_image(
        Name=f"awslice-image-{uuid.uuid4().hex[:8]}",  # names are unique per Region
        Description="Image shared by the awslice demo",
        WorkspaceId=pending[0]["WorkspaceId"],
    )["ImageId"]
    print(image)
    return 0


if __name__ == "__main__":
    sys.exit(main())
