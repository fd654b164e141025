"""ddb-architect: a DynamoDB architect in the editor and in CI."""

__version__ = "0.1.0"
