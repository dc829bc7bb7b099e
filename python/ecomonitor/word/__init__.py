"""The python-docx adapter: documents the platform writes in Word format."""
