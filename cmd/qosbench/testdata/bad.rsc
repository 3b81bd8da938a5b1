/ip firewall mangle
add chain=prerouting action=mark-packet new-packet-mark=voip protocol=udp dst-prot=5060
