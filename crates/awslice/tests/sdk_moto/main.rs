//! An SDK user's program, built by the `sdk_moto` test (`tests/sdk_moto.rs`) against the SDK
//! crates generated from the official SNS (awsQuery), Lambda (restJson1) and S3 (restXml)
//! models; not part
//! of the test binary. Usage: `sdk-moto ENDPOINT_URL`. Credentials and the region come from
//! the environment, as for any SDK user. Prints one JSON line per call, in order.

use awslice_runtime::config::ConfigLoader;
use awslice_runtime::error::SdkError;
use serde_json::{Value, json};

/// One line for a service error: the variant the SDK chose, its code and message.
fn service_error(op: &str, variant: &str, code: &str, message: &str) -> Value {
    json!({"op": op, "error": variant, "code": code, "message": message})
}

/// One line for an error the model does not list.
fn unhandled(op: &str, e: &awslice_runtime::error::Unhandled) -> Value {
    service_error(op, "Unhandled", e.code(), e.message())
}

/// Whether an error carries a request id: moto sends one, a different one per call, so the
/// line says only that it is there.
fn with_request_id(mut line: Value, request_id: Option<&str>) -> Value {
    line["has_request_id"] = json!(request_id.is_some_and(|id| !id.is_empty()));
    line
}

/// Any error other than the service's is a failure of the program.
fn unexpected<E: std::fmt::Display>(op: &str, e: &SdkError<E>) -> ! {
    let kind = match e {
        SdkError::Build(_) => "build",
        SdkError::Serialize(_) => "serialize",
        SdkError::Service(_) => "service",
        SdkError::Call(_) => "call",
        SdkError::Response(_) => "response",
        _ => "other",
    };
    eprintln!("{op}: unexpected {kind} error: {e}");
    std::process::exit(1)
}

async fn sns(config: &awslice_runtime::client::SdkConfig) {
    use awslice_sns::errors::GetTopicAttributesError as E;
    let client = awslice_sns::Client::new(config);

    let created = client
        .create_topic()
        .name("awslice-sdk-topic")
        .send()
        .await
        .unwrap_or_else(|e| unexpected("CreateTopic", &e));
    let arn = created
        .topic_arn
        .expect("CreateTopic returns the topic's ARN");
    println!("{}", json!({"op": "CreateTopic", "topic_arn": arn}));

    let listed = client
        .list_topics()
        .send()
        .await
        .unwrap_or_else(|e| unexpected("ListTopics", &e));
    let arns: Vec<Value> = listed
        .topics
        .unwrap_or_default()
        .into_iter()
        .map(|t| json!(t.topic_arn))
        .collect();
    println!(
        "{}",
        json!({"op": "ListTopics", "topic_arns": arns, "next_token": listed.next_token})
    );

    let attributes = client
        .get_topic_attributes()
        .topic_arn(&arn)
        .send()
        .await
        .unwrap_or_else(|e| unexpected("GetTopicAttributes", &e))
        .attributes
        .unwrap_or_default();
    println!(
        "{}",
        json!({
            "op": "GetTopicAttributes",
            "TopicArn": attributes.get("TopicArn"),
            "Owner": attributes.get("Owner"),
        })
    );

    let missing = arn.replace("awslice-sdk-topic", "no-such-topic");
    match client
        .get_topic_attributes()
        .topic_arn(missing)
        .send()
        .await
    {
        Err(SdkError::Service(E::NotFoundException(e))) => {
            let line = service_error(
                "GetTopicAttributes",
                "NotFoundException",
                e.code(),
                e.message(),
            );
            println!("{}", with_request_id(line, e.request_id()));
        }
        Err(SdkError::Service(E::Unhandled(e))) => {
            let line = unhandled("GetTopicAttributes", &e);
            println!("{}", with_request_id(line, e.request_id()));
        }
        Err(e) => unexpected("GetTopicAttributes", &e),
        Ok(r) => {
            eprintln!("GetTopicAttributes of a missing topic succeeded: {r:?}");
            std::process::exit(1)
        }
    }
}

async fn lambda(config: &awslice_runtime::client::SdkConfig) {
    use awslice_lambda::errors::GetFunctionError as E;
    let client = awslice_lambda::Client::new(config);

    let listed = client
        .list_functions()
        .send()
        .await
        .unwrap_or_else(|e| unexpected("ListFunctions", &e));
    let names: Option<Vec<Value>> = listed
        .functions
        .map(|f| f.into_iter().map(|f| json!(f.function_name)).collect());
    println!(
        "{}",
        json!({"op": "ListFunctions", "function_names": names, "next_marker": listed.next_marker})
    );

    match client
        .get_function()
        .function_name("no-such-function")
        .send()
        .await
    {
        Err(SdkError::Service(E::ResourceNotFoundException(e))) => {
            let line = service_error(
                "GetFunction",
                "ResourceNotFoundException",
                e.code(),
                e.message(),
            );
            println!("{}", with_request_id(line, e.request_id()));
        }
        Err(SdkError::Service(E::Unhandled(e))) => {
            let line = unhandled("GetFunction", &e);
            println!("{}", with_request_id(line, e.request_id()));
        }
        Err(e) => unexpected("GetFunction", &e),
        Ok(r) => {
            eprintln!("GetFunction of a missing function succeeded: {r:?}");
            std::process::exit(1)
        }
    }
}

/// S3 (restXml): a bucket, objects whose keys have spaces and slashes, a binary body and an
/// empty one round-tripped byte for byte, a listing, and a missing bucket's and key's errors.
async fn s3(config: &awslice_runtime::client::SdkConfig) {
    use awslice_runtime::json::Blob;
    let client = awslice_s3api::Client::new(config);
    let bucket = "awslice-sdk-bucket";
    client
        .create_bucket()
        .bucket(bucket)
        .send()
        .await
        .unwrap_or_else(|e| unexpected("CreateBucket", &e));
    println!("{}", json!({"op": "CreateBucket", "bucket": bucket}));

    let binary: Vec<u8> = (0..=255).rev().collect();
    for (key, body) in [
        ("dir/a b/binary.bin", binary.clone()),
        ("empty object", Vec::new()),
    ] {
        let put = client
            .put_object()
            .bucket(bucket)
            .key(key)
            .body(Blob(body.clone()))
            .send()
            .await
            .unwrap_or_else(|e| unexpected("PutObject", &e));
        println!(
            "{}",
            json!({"op": "PutObject", "key": key, "has_etag": put.e_tag.is_some(),
                   "checksum_crc32": put.checksum_crc32})
        );
        let head = client
            .head_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .unwrap_or_else(|e| unexpected("HeadObject", &e));
        println!(
            "{}",
            json!({"op": "HeadObject", "key": key, "content_length": head.content_length})
        );
        let got = client
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .unwrap_or_else(|e| unexpected("GetObject", &e));
        let bytes = got.body.map(|b| b.0).unwrap_or_default();
        println!(
            "{}",
            json!({"op": "GetObject", "key": key, "same_bytes": bytes == body,
                   "length": bytes.len()})
        );
    }

    let listed = client
        .list_objects_v2()
        .bucket(bucket)
        .send()
        .await
        .unwrap_or_else(|e| unexpected("ListObjectsV2", &e));
    let keys: Vec<String> = listed
        .contents
        .unwrap_or_default()
        .into_iter()
        .filter_map(|o| o.key)
        .collect();
    println!("{}", json!({"op": "ListObjectsV2", "keys": keys}));

    for key in ["dir/a b/binary.bin", "empty object"] {
        client
            .delete_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .unwrap_or_else(|e| unexpected("DeleteObject", &e));
    }
    println!("{}", json!({"op": "DeleteObject", "deleted": 2}));

    {
        use awslice_s3api::errors::GetObjectError as E;
        match client
            .get_object()
            .bucket(bucket)
            .key("no such key")
            .send()
            .await
        {
            Err(SdkError::Service(E::NoSuchKey(e))) => println!(
                "{}",
                with_request_id(
                    service_error("GetObject", "NoSuchKey", e.code(), e.message()),
                    e.request_id()
                )
            ),
            Err(e) => unexpected("GetObject", &e),
            Ok(r) => {
                eprintln!("GetObject of a missing key succeeded: {r:?}");
                std::process::exit(1)
            }
        }
    }
    {
        use awslice_s3api::errors::HeadObjectError as E;
        match client
            .head_object()
            .bucket(bucket)
            .key("no such key")
            .send()
            .await
        {
            // A HEAD reply has no body: the code is the status, as botocore reads it.
            Err(SdkError::Service(E::NotFound(e))) => println!(
                "{}",
                service_error("HeadObject", "NotFound", e.code(), e.message())
            ),
            Err(SdkError::Service(E::Unhandled(e))) => {
                println!("{}", unhandled("HeadObject", &e))
            }
            Err(e) => unexpected("HeadObject", &e),
            Ok(r) => {
                eprintln!("HeadObject of a missing key succeeded: {r:?}");
                std::process::exit(1)
            }
        }
    }
    {
        use awslice_s3api::errors::ListObjectsV2Error as E;
        match client
            .list_objects_v2()
            .bucket("awslice-no-such-bucket")
            .send()
            .await
        {
            Err(SdkError::Service(E::NoSuchBucket(e))) => println!(
                "{}",
                with_request_id(
                    service_error("ListObjectsV2", "NoSuchBucket", e.code(), e.message()),
                    e.request_id()
                )
            ),
            Err(e) => unexpected("ListObjectsV2", &e),
            Ok(r) => {
                eprintln!("ListObjectsV2 of a missing bucket succeeded: {r:?}");
                std::process::exit(1)
            }
        }
    }
}

fn main() {
    let endpoint = std::env::args()
        .nth(1)
        .expect("usage: sdk-moto ENDPOINT_URL");
    let config = ConfigLoader::new()
        .endpoint_url(endpoint)
        .load()
        .expect("the SDK configuration loads from the environment");
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(async {
            sns(&config).await;
            lambda(&config).await;
            s3(&config).await;
        });
}
