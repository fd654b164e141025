"""Completion: what an expert would type next, in specs and in boto3 code."""
