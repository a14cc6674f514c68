"""Sign-in (OpenID Connect), employee matching and the service tokens minted for them."""
