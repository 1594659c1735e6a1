# Interface texts: inbox.
inbox-details = Details
inbox-inbox = Inbox
inbox-item = Item
inbox-nothing-waits-for-you = Nothing waits for you now.
inbox-open = Open
inbox-pending-submission = Submission awaiting review
inbox-locked-name = Locked login name
inbox-returned-submission = Returned submission
