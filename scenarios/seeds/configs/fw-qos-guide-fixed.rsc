# Corrected version of fw-qos-guide.rsc (seed guide "Firewall and Quality of Service (QoS)
# for SOHO Environments"). What changed, and why:
# - "set [find default-forward=yes]" names a property RouterOS does not have: the router
#   rejects the line (and /import stops there, applying nothing after it). The forward
#   chain accepts by default anyway; the line is removed.
# - The forward chain had no drop at all: anything the WAN side sent to the LAN was
#   forwarded. New connections from the WAN are now dropped (port forwards, if any, would
#   be accepted by connection-nat-state=dstnat).
# - The queue tree children used "packet-marks", which queue trees do not have (they take
#   "packet-mark"): the router rejected all three, so nothing was prioritized.
# - The parent shaped at 10M, the line rate itself ("Replace 10M with your actual WAN upload
#   speed"): at exactly the line rate the queue builds in the ISP's buffer, not in the router.
#   It now shapes at 9M. The children keep the guide's ceilings (5M, 7M, 3M) and get
#   guaranteed rates (limit-at) that add up to less than the parent's.
# - The catch-all "Mark all other traffic as Low Priority" had the default passthrough=yes
#   after the VoIP and web rules, so it overwrote their marks: every packet ended up
#   low-priority, capped at 3M. Connections are now marked once (connection-mark=no-mark
#   guards the catch-all) and packets by connection mark with passthrough=no, which also
#   marks the replies of VoIP and web connections.
/ip firewall filter
add chain=input connection-state=invalid action=drop comment="Drop invalid connections (Input)"
add chain=forward connection-state=invalid action=drop comment="Drop invalid connections (Forward)"
add chain=input connection-state=established,related action=accept comment="Allow established/related (Input)"
add chain=forward connection-state=established,related action=accept comment="Allow established/related (Forward)"
add chain=input src-address=192.168.88.0/24 in-interface=ether2-master-local action=accept comment="Allow LAN Input"
add chain=input src-address=192.168.88.0/24 in-interface=wlan1 action=accept comment="Allow WiFi Input"
add chain=input action=drop comment="Drop all other Input"
add chain=forward connection-state=new connection-nat-state=!dstnat in-interface=ether1-gateway action=drop comment="Drop new connections from the WAN that are not port forwards"

/queue tree
add name=WAN-Outbound parent=ether1-gateway limit-at=0 max-limit=9M comment="WAN Outbound Queue - just below the 10M upload"
add name=High-Priority parent=WAN-Outbound packet-mark=high-priority priority=1 limit-at=2M max-limit=5M comment="High Priority Traffic Queue - VoIP/Video"
add name=Normal-Priority parent=WAN-Outbound packet-mark=normal-priority priority=3 limit-at=4M max-limit=7M comment="Normal Priority Traffic Queue - Web/Email"
add name=Low-Priority parent=WAN-Outbound packet-mark=low-priority priority=7 limit-at=1M max-limit=3M comment="Low Priority Traffic Queue - Downloads"

/ip firewall mangle
add chain=forward protocol=udp dst-port=5060,5061 connection-mark=no-mark action=mark-connection new-connection-mark=high-priority-conn comment="VoIP SIP connections"
add chain=forward protocol=udp dst-port=10000-20000 connection-mark=no-mark action=mark-connection new-connection-mark=high-priority-conn comment="VoIP RTP connections"
add chain=forward protocol=tcp dst-port=80,443 connection-mark=no-mark action=mark-connection new-connection-mark=normal-priority-conn comment="Web connections"
add chain=forward connection-mark=no-mark action=mark-connection new-connection-mark=low-priority-conn comment="All other connections"
add chain=forward connection-mark=high-priority-conn action=mark-packet new-packet-mark=high-priority passthrough=no
add chain=forward connection-mark=normal-priority-conn action=mark-packet new-packet-mark=normal-priority passthrough=no
add chain=forward connection-mark=low-priority-conn action=mark-packet new-packet-mark=low-priority passthrough=no
