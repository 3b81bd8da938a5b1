# RouterOS v6 default port names, longer than Linux allows (15 bytes), and
# a port (wlan1) the lab router does not have.
/interface list
add name=LAN
/interface list member
add list=LAN interface=ether2-master-local
add list=LAN interface=wlan1
/ip firewall filter
add chain=input src-address=192.168.88.0/24 in-interface=ether2-master-local action=accept comment="Allow LAN Input"
add chain=input src-address=192.168.88.0/24 in-interface=wlan1 action=accept comment="Allow WiFi Input"
add chain=forward in-interface-list=LAN out-interface=ether1-gateway action=accept
add chain=forward out-interface=!wlan1 connection-state=new in-interface=!ether2-master-local action=drop
add chain=input action=drop comment="Drop all other Input"
/ip firewall nat
add chain=srcnat action=masquerade out-interface=ether1-gateway
/ip firewall mangle
add chain=forward action=mark-packet new-packet-mark=bulk passthrough=no
/queue tree
add name=WAN-Outbound parent=ether1-gateway max-limit=10M
add name=Low-Priority parent=WAN-Outbound packet-mark=bulk max-limit=3M
add name=g parent=global packet-mark=bulk max-limit=20M
/queue simple
add name=lan-port target=ether2-master-local max-limit=5M/5M
