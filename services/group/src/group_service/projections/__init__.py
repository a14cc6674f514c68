"""Read models of the group service, each fed by events on Kafka."""
