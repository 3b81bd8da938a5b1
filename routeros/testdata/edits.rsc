# 2024-06-06 15:22:31 by RouterOS 7.14.2
# An export edited by hand: later lines change and remove earlier items.
/ip settings
set allow-fast-path=no
/system identity
set name="edge \"lab\""
/ip firewall filter
add action=fasttrack-connection chain=forward comment="fasttrack" \
    connection-state=established,related
add action=accept chain=forward connection-state=established,related
add action=drop chain=forward comment=old connection-state=invalid
add action=drop chain=input comment=old in-interface=ether1
remove [ find comment="old" ]
disable [find action=fasttrack-connection]
/ip/firewall/mangle/add action=mark-packet chain=forward new-packet-mark=bulk \
    passthrough=no
/ip/firewall/mangle/set 0 comment="catch-all" !passthrough
/queue tree
add max-limit=9M name=upload parent=ether1
add max-limit=9M name=up-voip packet-mark=voip parent=upload priority=1
set [ find name=upload ] max-limit=8M
set up-voip limit-at=1M
set [find name=nothing] max-limit=1M
/interface ethernet
set [ find default-name=ether1 ] name=wan
