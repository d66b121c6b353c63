"""The schema's revisions, oldest first: ``v0001`` is the schema ``create_all`` made before migrations existed."""
