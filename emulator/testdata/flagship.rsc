# qosbench flagship: a small office with a 10 Mbit/s up / 50 Mbit/s down line.
# VoIP (SIP on UDP 5060-5061, RTP on UDP 10000-20000) is marked and given
# priority on a queue tree that shapes the WAN port (ether1) just below the
# uplink rate, so the queue - and the priorities - stay in the router.
# The usual fasttrack rule is present: with it on, established connections
# bypass mangle, lose their packet marks and the shaping with them.
/ip firewall filter
add action=fasttrack-connection chain=forward comment="fasttrack established/related" connection-state=established,related
add action=accept chain=forward connection-state=established,related
add action=drop chain=forward comment="drop invalid" connection-state=invalid
/ip firewall mangle
add action=mark-connection chain=prerouting comment="VoIP: SIP" dst-port=5060-5061 new-connection-mark=voip protocol=udp
add action=mark-connection chain=prerouting comment="VoIP: RTP" dst-port=10000-20000 new-connection-mark=voip protocol=udp
add action=mark-packet chain=prerouting connection-mark=voip new-packet-mark=voip passthrough=no
add action=mark-connection chain=prerouting comment="everything else is bulk" connection-mark=no-mark new-connection-mark=bulk
add action=mark-packet chain=prerouting connection-mark=bulk new-packet-mark=bulk passthrough=no
/queue tree
add max-limit=9M name=upload parent=ether1
add limit-at=1M max-limit=9M name=up-voip packet-mark=voip parent=upload priority=1 queue=default
add limit-at=2M max-limit=9M name=up-bulk packet-mark=bulk parent=upload priority=8 queue=default
