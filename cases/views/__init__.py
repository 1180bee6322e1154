"""The files pages (cartables, a file's page, registration, tracking); cases.api is their JSON twin."""
