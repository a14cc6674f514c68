"""Write-side records kept beside the event store: frozen electorates, the ballot box of
anonymous and secret polls until they close, and the polls' key material."""
