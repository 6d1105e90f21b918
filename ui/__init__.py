"""What people use: the Gradio app, the REST API, and the `gongkai` command line."""
