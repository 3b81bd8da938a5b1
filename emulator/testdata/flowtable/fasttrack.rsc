# FastTrack on a kernel with nft flowtables (the router VM's): the rule
# offloads to the flowtable, raw needs no header set, and the egress chains
# count the offloaded packets and give them the no-mark leaf of ether1.
/ip firewall raw
add action=accept chain=prerouting protocol=icmp
/ip firewall filter
add action=fasttrack-connection chain=forward connection-state=established,related
add action=accept chain=forward connection-state=established,related
/ip firewall mangle
add action=mark-packet chain=prerouting new-packet-mark=voip protocol=udp dst-port=10000-20000 passthrough=no
/queue tree
add max-limit=9M name=upload parent=ether1
add max-limit=9M name=up-voip packet-mark=voip parent=upload priority=1 queue=default
add max-limit=9M name=up-other packet-mark=no-mark parent=upload priority=8 queue=default
/queue simple
add max-limit=5M/5M name=lan target=192.168.88.0/24
