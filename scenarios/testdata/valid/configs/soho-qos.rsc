# Dummy RouterOS script for the scenarios tests; its content is not read.
/queue simple add name=uplink target=ether1 max-limit=10M/50M
