"""HTTP edge: routers, request/response models, error mapping."""
