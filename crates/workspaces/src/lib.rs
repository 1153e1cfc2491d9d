//! Amazon WorkSpaces client.
