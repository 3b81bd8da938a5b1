# Corrected version of case-study-hardening.rsc (seed guide "Firewall & QoS Case Studies",
# sections 3.1 and 3.4). What changed, and why:
# - The firewall is the corrected one of case-study-firewall-fixed.rsc: the guide's leading
#   "drop everything" rules locked the LAN out of the router and the internet.
# - Section 3.4 moves SSH to port 2222 and keeps WinBox, SSH and Webfig ("Limit Access to
#   Management Interface ... we already limited it to the LAN subnet"). The firewall limits
#   them to the LAN; the services are also restricted to the LAN subnet, so a later
#   firewall mistake does not expose them.
# - "/system package update install reboot=yes" reboots the router in the middle of a change:
#   it is not part of a configuration, so it is left out (qosbench skips it anyway).
# - The admin account is replaced as the guide says.
/ip firewall filter
add chain=input action=accept connection-state=established,related comment="Allow established/related input"
add chain=input action=drop connection-state=invalid comment="Drop invalid input connections"
add chain=input action=accept src-address=192.168.88.0/24 in-interface=ether2 comment="Allow LAN access to router management"
add chain=input action=log log-prefix="FW-INPUT-DROP" comment="Log dropped input packets"
add chain=input action=drop comment="Default deny input chain - DROP (after logging)"
add chain=forward action=accept connection-state=established,related comment="Allow established/related forward"
add chain=forward action=drop connection-state=invalid comment="Drop invalid forward connections"
add chain=forward action=accept connection-state=new in-interface=ether2 out-interface=ether1 comment="LAN may open connections to the internet (web, DNS, ping, ...)"
add chain=forward action=log log-prefix="FW-FORWARD-DROP" comment="Log dropped forward packets"
add chain=forward action=drop comment="Default deny forward chain - DROP (after logging)"

/ip firewall nat
add chain=srcnat action=masquerade out-interface=ether1 src-address=192.168.88.0/24 comment="Masquerade LAN to WAN"

/ip service
set telnet disabled=yes
set ftp disabled=yes
set api disabled=yes
set api-ssl disabled=yes
set ssh port=2222 address=192.168.88.0/24
set winbox address=192.168.88.0/24
set www address=192.168.88.0/24
set www-ssl address=192.168.88.0/24

/user
add name=myadmin password=MyStrongPassword group=full
disable admin
