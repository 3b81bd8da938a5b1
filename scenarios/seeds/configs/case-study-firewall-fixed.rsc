# Corrected version of case-study-firewall.rsc (seed guide "Firewall & QoS Case Studies",
# section 3.1). What changed, and why (qosbench run seeds/case-study-firewall.yaml shows each):
# - The guide's step 1 put "drop everything" FIRST in input and forward. RouterOS evaluates
#   rules in order and stops at the first terminal match, so every later rule was dead: the
#   LAN could not reach the router, DNS, ping or the web. A default-deny policy belongs at
#   the END of each chain; the guide's step 8 already has those final drops.
# - Invalid packets are dropped right after established/related are accepted.
# - The forward chain allowed only DNS and ICMP from the LAN, so browsing (new TCP
#   connections) was dropped even without step 1. One rule lets the LAN open connections
#   to the internet; it also covers the guide's DNS and ping rules.
# - "Allow LAN access to router management" accepts everything from the LAN, so the SSH,
#   WinBox and Webfig rules after it never matched; they are removed.
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
