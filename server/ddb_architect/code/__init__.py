"""Reading the Python code that calls DynamoDB through boto3."""
