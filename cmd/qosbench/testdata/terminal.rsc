/ip firewall mangle
add chain=forward action=mark-packet new-packet-mark=voip protocol=udp dst-port=5060 passthrough=no
add chain=prerouting action=mark-packet new-packet-mark=bulk protocol=udp dst-prot=5060
/queue tree
add name=up parent=ether1 max-limit=9M
add name=up-voip parent=up packet-mark=voip priority=1
add name=up-bulk parent=up packet-marks=bulk
