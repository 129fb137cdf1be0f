/// Strings a shell would misread if quoting were wrong.
public let hostileStrings = [
    "", " ", "it's", #"a"b"#, "$(touch /tmp/pwned)", "`id`", "a; rm -rf /", "$HOME", "line1\nline2", "tab\there",
    #"back\slash"#, "*", "~", "-n", "--", "'\"'\"'", "!event", "é ü 日本", "a=b", "&&", "|", ">out", "#comment",
]
