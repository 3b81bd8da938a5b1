# qosbench office-mix: voice, web and bulk share a 10 Mbit/s up / 20 Mbit/s
# down line in both directions. Mangle marks each connection once (SIP on UDP
# 5060, RTP on UDP 10000-20000, web on TCP 80/443, the rest bulk) and copies
# the mark to its packets; one queue tree per direction, on the WAN port
# (upload) and the LAN port (download), shapes below the line rate (download
# well below: the ISP queues bursts that arrive faster than 20M) and
# serves voice first, web second, bulk last.
/ip firewall filter
add action=accept chain=forward connection-state=established,related
add action=drop chain=forward comment="drop invalid" connection-state=invalid
add action=accept chain=forward in-interface=ether2 comment="LAN may open anything"
add action=accept chain=forward in-interface=ether1 protocol=udp dst-port=5060,10000-20000 comment="voice from outside"
add action=accept chain=forward in-interface=ether1 protocol=tcp dst-port=5201-5299 comment="bulk from outside"
add action=drop chain=forward in-interface=ether1 comment="drop the rest from outside"
/ip firewall mangle
add action=mark-connection chain=prerouting comment="voice: SIP" protocol=udp dst-port=5060 new-connection-mark=voice
add action=mark-connection chain=prerouting comment="voice: RTP" protocol=udp dst-port=10000-20000 new-connection-mark=voice
add action=mark-connection chain=prerouting comment="web" protocol=tcp dst-port=80,443 new-connection-mark=web
add action=mark-connection chain=prerouting comment="everything else is bulk" connection-mark=no-mark new-connection-mark=bulk
add action=mark-packet chain=prerouting connection-mark=voice new-packet-mark=voice passthrough=no
add action=mark-packet chain=prerouting connection-mark=web new-packet-mark=web passthrough=no
add action=mark-packet chain=prerouting connection-mark=bulk new-packet-mark=bulk passthrough=no
/queue tree
add max-limit=8M name=upload parent=ether1
add limit-at=1M max-limit=8M name=up-voice packet-mark=voice parent=upload priority=1 queue=default
add limit-at=3M max-limit=8M name=up-web packet-mark=web parent=upload priority=4 queue=default
add limit-at=1M max-limit=8M name=up-bulk packet-mark=bulk parent=upload priority=8 queue=default
add max-limit=14M name=download parent=ether2
add limit-at=1M max-limit=14M name=down-voice packet-mark=voice parent=download priority=1 queue=default
add limit-at=5M max-limit=14M name=down-web packet-mark=web parent=download priority=4 queue=default
add limit-at=2M max-limit=14M name=down-bulk packet-mark=bulk parent=download priority=8 queue=default
