//! `help` pages of the generated WorkSpaces tables (the ones the binary is built from),
//! in-process. The layout and texts follow `aws … help | col -bx` of the AWS CLI v2 (2.36.7),
//! rendered left-aligned and unhyphenated (docs/compat.md#help-pages).

use std::ffi::OsString;

use awslice_test_support::cli::{assert_wrapped, base_env, help_sections as sections, run};

/// Runs `awslice ARGS` in-process on the generated tables: (rc, stdout, stderr).
fn run_on(args: &[&str]) -> (i32, String, String) {
    let out = awslice_test_support::cli::run_on(awslice::SERVICES, args);
    (out.rc, out.stdout, out.stderr)
}

/// The help page of `args` (exit 0, nothing on stderr).
fn page(args: &[&str]) -> String {
    let (rc, out, err) = run_on(args);
    assert_eq!((rc, err.as_str()), (0, ""), "awslice {args:?}");
    out
}

const UPDATE: &[&str] = &["workspaces", "update-workspace-image-permission", "help"];

#[test]
fn operation_page_has_the_aws_cli_sections_at_its_line_numbers() {
    let text = page(UPDATE);
    let title = "UPDATE-WORKSPACE-IMAGE-PERMISSION()";
    assert_eq!(
        text.lines().next(),
        Some(format!("{title}        {title}").as_str())
    );
    // §7: NAME 5, DESCRIPTION 8, SYNOPSIS 40, OPTIONS 67, GLOBAL OPTIONS 109, OUTPUT 238;
    // 243 lines in total, ending with the title at the right margin.
    assert_eq!(
        sections(&text)[..6],
        [
            (5, "NAME"),
            (8, "DESCRIPTION"),
            (40, "SYNOPSIS"),
            (67, "OPTIONS"),
            (109, "GLOBAL OPTIONS"),
            (238, "OUTPUT"),
        ]
    );
    assert_eq!(text.lines().count(), 243);
    assert!(
        text.ends_with(&format!(
            "OUTPUT\n       None\n\n\n\n{}{title}\n",
            " ".repeat(78 - title.len())
        )),
        "{text}"
    );
    assert!(!text.contains("EXAMPLES"));
    assert_wrapped(&text);
}

#[test]
fn operation_page_description_and_synopsis() {
    let text = page(UPDATE);
    let expected = "\nNAME
       update-workspace-image-permission -

DESCRIPTION
       Shares or unshares an image with one account in the same Amazon Web
       Services Region by specifying whether that account has permission to
       copy the image. If the copy image permission is granted, the image is
       shared with that account. If the copy image permission is revoked, the
       image is unshared with the account.

       After an image has been shared, the recipient account can copy the
       image to other Regions as needed.

       In the China (Ningxia) Region, you can copy images only within the same
       Region.

       In Amazon Web Services GovCloud (US), to copy images to and from other
       Regions, contact Amazon Web Services Support.

       For more information about sharing images, see Share or Unshare a
       Custom WorkSpaces Image .

       NOTE:

          o To delete an image that has been shared, you must unshare the
            image before you delete it.

          o Sharing Bring Your Own License (BYOL) images across Amazon Web
            Services accounts isn't supported at this time in Amazon Web
            Services GovCloud (US). To share BYOL images across accounts in
            Amazon Web Services GovCloud (US), contact Amazon Web Services
            Support.

       See also: AWS API Documentation

SYNOPSIS
            update-workspace-image-permission
          --image-id <value>
          --allow-copy-image | --no-allow-copy-image
          --shared-account-id <value>
          [--cli-input-json | --cli-input-yaml]
          [--generate-cli-skeleton <value>]
          [--debug]
          [--endpoint-url <value>]
          [--no-verify-ssl]
          [--no-paginate]
          [--output <value>]
          [--query <value>]
          [--profile <value>]
          [--region <value>]
          [--version <value>]
          [--color <value>]
          [--no-sign-request]
          [--ca-bundle <value>]
          [--cli-read-timeout <value>]
          [--cli-connect-timeout <value>]
          [--cli-binary-format <value>]
          [--no-cli-pager]
          [--cli-auto-prompt]
          [--no-cli-auto-prompt]
          [--cli-error-format <value>]

OPTIONS
";
    assert!(text.contains(expected), "{text}");
}

#[test]
fn operation_page_options_required_constraints_and_admonitions() {
    let text = page(UPDATE);
    let image_id = "OPTIONS
       --image-id (string) [required]
          The identifier of the image.

          Constraints:

          o pattern: ^wsi-[0-9a-z]{9,63}$

       --allow-copy-image | --no-allow-copy-image (boolean) [required]
          The permission to copy the image. This permission can be revoked
          only after an image has been shared.

       --shared-account-id (string) [required]
          The identifier of the Amazon Web Services account to share or
          unshare the image with.

";
    assert!(text.contains(image_id), "{text}");
    // The model's `<important>` is a WARNING in the AWS CLI (codegen marks it `**Important**`).
    let warning = "
              Before sharing the image, confirm that you are sharing to the
              correct Amazon Web Services account ID.

          Constraints:

          o pattern: ^\\d{12}$

       --cli-input-json | --cli-input-yaml (string) Reads arguments from the
       JSON string provided. The JSON string follows the format provided by
       --generate-cli-skeleton. If other arguments are provided on the command
       line, those values will override the JSON-provided values. It is not
       possible to pass arbitrary binary values using a JSON-provided value as
       the string will be taken literally. This may not be specified along
       with --cli-input-yaml.

       --generate-cli-skeleton (string) Prints a JSON skeleton to standard
       output without sending an API request. If provided with no value or the
       value input, prints a sample input JSON that can be used as an argument
       for --cli-input-json. Similarly, if provided yaml-input it will print a
       sample input YAML that can be used with --cli-input-yaml. If provided
       with the value output, it validates the command inputs and returns a
       sample output JSON for that command. The generated JSON skeleton is not
       stable between versions of the AWS CLI and there are no backwards
       compatibility guarantees in the JSON skeleton generated.

GLOBAL OPTIONS
";
    assert!(
        text.contains(&format!("          WARNING:{warning}")),
        "{text}"
    );
}

/// Every global option with its type, its help and its choices, as the AWS CLI v2 lists
/// them.
#[test]
fn every_global_option_with_its_choices() {
    let text = page(UPDATE);
    let start = text.find("\nGLOBAL OPTIONS\n").expect("GLOBAL OPTIONS");
    let end = text.find("\nOUTPUT\n").expect("OUTPUT");
    let globals = &text[start..end];
    let options = [
        ("debug", "boolean", &[][..]),
        ("endpoint-url", "string", &[]),
        ("no-verify-ssl", "boolean", &[]),
        ("no-paginate", "boolean", &[]),
        (
            "output",
            "string",
            &["json", "text", "table", "yaml", "yaml-stream", "off"],
        ),
        ("query", "string", &[]),
        ("profile", "string", &[]),
        ("region", "string", &[]),
        ("version", "string", &[]),
        ("color", "string", &["on", "off", "auto"]),
        ("no-sign-request", "boolean", &[]),
        ("ca-bundle", "string", &[]),
        ("cli-read-timeout", "int", &[]),
        ("cli-connect-timeout", "int", &[]),
        (
            "cli-binary-format",
            "string",
            &["base64", "raw-in-base64-out"],
        ),
        ("no-cli-pager", "boolean", &[]),
        ("cli-auto-prompt", "boolean", &[]),
        ("no-cli-auto-prompt", "boolean", &[]),
        (
            "cli-error-format",
            "string",
            &["legacy", "json", "yaml", "text", "table", "enhanced"],
        ),
    ];
    let mut at = 0;
    for (name, ty, choices) in options {
        let header = format!("\n       --{name} ({ty})\n\n       ");
        let found = globals[at..]
            .find(&header)
            .unwrap_or_else(|| panic!("--{name} missing or out of order in {globals}"));
        at += found + header.len();
        let block_end = globals[at..]
            .find("\n       --")
            .map_or(globals.len(), |e| at + e);
        let block = &globals[at..block_end];
        let listed: Vec<&str> = block
            .lines()
            .filter_map(|l| l.strip_prefix("       o "))
            .collect();
        assert_eq!(listed, choices, "choices of --{name}");
    }
    assert!(globals.contains(
        "\n       --region (string)\n\n       The region to use. Overrides config/env settings.\n"
    ));
    assert!(globals.contains(
        "       --cli-read-timeout (int)\n\n       The maximum socket read time in seconds. If the value is set to 0, the\n       socket read will be blocking and not timeout. The default value is 60\n       seconds.\n"
    ));
}

#[test]
fn output_section_nests_members() {
    let text = page(&["workspaces", "describe-workspace-image-permissions", "help"]);
    assert_wrapped(&text);
    let names: Vec<&str> = sections(&text).iter().map(|(_, s)| *s).collect();
    assert_eq!(
        names[..6],
        [
            "NAME",
            "DESCRIPTION",
            "SYNOPSIS",
            "OPTIONS",
            "GLOBAL OPTIONS",
            "OUTPUT"
        ]
    );
    assert!(text.contains(
        "       --max-results (integer)\n          The maximum number of items to return.\n\n          Constraints:\n\n          o min: 1\n\n          o max: 25\n"
    ), "{text}");
    let output = &text[text.find("\nOUTPUT\n").expect("OUTPUT")..];
    let expected = "
OUTPUT
       ImageId -> (string)
          The identifier of the image.

          Constraints:

          o pattern: ^wsi-[0-9a-z]{9,63}$

       ImagePermissions -> (list)
          The identifiers of the Amazon Web Services accounts that the image
          has been shared with.

          (structure)
";
    assert!(output.starts_with(expected), "{output}");
    assert!(
        output.contains(
            "\n              SharedAccountId -> (string)\n                 The identifier of the Amazon Web Services account that an\n                 image has been shared with.\n\n                 Constraints:\n\n                 o pattern: ^\\d{12}$\n\n       NextToken -> (string)\n"
        ),
        "{output}"
    );
}

#[test]
fn help_only_as_the_last_word() {
    // `help` followed by more words is an ordinary call: its required options are missing.
    let (rc, out, err) = run_on(&[
        "workspaces",
        "update-workspace-image-permission",
        "help",
        "--image-id",
        "wsi-123456789",
    ]);
    assert_eq!(rc, 252, "{out}{err}");
    assert_eq!(out, "");
    assert!(
        err.contains("the following arguments are required: --shared-account-id"),
        "{err}"
    );
    // Options before a final `help` do not stop it once the required ones are there (argparse
    // checks them first, as in the AWS CLI).
    let (rc, _, err) = run_on(&[
        "workspaces",
        "update-workspace-image-permission",
        "--image-id",
        "x",
        "help",
    ]);
    assert_eq!(rc, 252, "{err}");
    let text = page(&[
        "--region",
        "eu-west-1",
        "workspaces",
        "update-workspace-image-permission",
        "--image-id",
        "x",
        "--shared-account-id",
        "1",
        "help",
    ]);
    assert!(text.starts_with("UPDATE-WORKSPACE-IMAGE-PERMISSION()"));
    // The hand-written test table goes through the same pages.
    let out = run(UPDATE);
    assert_eq!(out.rc, 0);
    assert!(
        out.stdout
            .contains("       --image-id (string) [required]\n")
    );
}

#[test]
fn service_and_main_listings() {
    let text = page(&["workspaces", "help"]);
    assert!(
        text.starts_with(&format!(
            "WORKSPACES(){}WORKSPACES()\n\n\n\nNAME\n       workspaces -\n\nDESCRIPTION\n",
            " ".repeat(54)
        )),
        "{text}"
    );
    assert!(text.contains(
        "\nAVAILABLE COMMANDS\n       o describe-workspace-image-permissions\n\n       o help\n\n       o update-workspace-image-permission\n\n\n\n"
    ), "{text}");
    assert_wrapped(&text);

    let text = page(&["help"]);
    let names: Vec<&str> = sections(&text).iter().map(|(_, s)| *s).collect();
    assert_eq!(
        names[..5],
        [
            "NAME",
            "DESCRIPTION",
            "SYNOPSIS",
            "GLOBAL OPTIONS",
            "AVAILABLE SERVICES"
        ]
    );
    assert!(text.contains(
        "SYNOPSIS\n          awslice [options] <command> <subcommand> [parameters]\n\n       Use awslice command help"
    ));
    assert!(text.contains(
        "\nAVAILABLE SERVICES\n       o completion\n\n       o configure\n\n       o help\n\n       o sso\n\n       o workspaces\n\n\n\n"
    ), "{text}");
    assert!(text.contains("\n       --cli-error-format (string)\n"));
    assert_wrapped(&text);
}

// A hand-written table with what the two generated operations do not have.

/// On a terminal, help goes through `MANPAGER`, else `PAGER`, else `less -R` (not
/// `AWS_PAGER`); a pager that is not on `PATH` means the page is printed directly, followed
/// by one more newline, as the AWS CLI does.
#[cfg(unix)]
#[test]
fn help_goes_through_the_man_pager_on_a_terminal() {
    use std::os::unix::fs::PermissionsExt;

    let dir = std::env::temp_dir().join(format!("awslice-help-pager-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let log = dir.join("log");
    let script = dir.join("mypager");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"args:$*\" > '{0}'\ncat >> '{0}'\n",
            log.display()
        ),
    )
    .expect("write the pager script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");

    let run_tty = |env: Vec<(&str, String)>| {
        let mut base = base_env();
        base.insert("PATH".into(), format!("{}:/usr/bin:/bin", dir.display()));
        base.extend(env.into_iter().map(|(k, v)| (k.to_owned(), v)));
        let (mut io, out, err) = awslice_cli::Io::captured(base);
        io.stdout_is_tty = true;
        let args: Vec<OsString> = ["workspaces", "help"].iter().map(OsString::from).collect();
        let rc = awslice_cli::run_with(awslice::SERVICES, args, &mut io);
        (rc, out.text(), err.text())
    };
    let expected = page(&["workspaces", "help"]);

    let (rc, out, err) = run_tty(vec![
        ("MANPAGER", "mypager -x".to_owned()),
        ("PAGER", "nonexistent-pager-xyz".to_owned()),
        ("AWS_PAGER", "nonexistent-pager-xyz".to_owned()),
    ]);
    assert_eq!((rc, out.as_str(), err.as_str()), (0, "", ""));
    let logged = std::fs::read_to_string(&log).expect("the pager ran");
    assert_eq!(logged, format!("args:-x\n{expected}"));

    let (rc, out, err) = run_tty(vec![("PAGER", "nonexistent-pager-xyz".to_owned())]);
    assert_eq!((rc, err.as_str()), (0, ""));
    assert_eq!(out, format!("{expected}\n"));

    let (rc, out, err) = run_tty(vec![("MANPAGER", "'unclosed".to_owned())]);
    assert_eq!((rc, out.as_str()), (255, ""));
    assert!(err.contains("No closing quotation"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
