"""render: the views of a result (JSON, Markdown, HTML, plain text) and the digest assembly."""
