"""E-mail: composing, the exactly-once outbox of mails, SMTP, the mailer loop."""
