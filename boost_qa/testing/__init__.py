"""Test doubles and helpers for exercising boost_qa without a real LLM provider."""
