# jan/02/1970 02:08:13 by RouterOS 6.48.6
# software id = 8VQ3-KJ4D
#
# model = RB750Gr3
# serial number = C7A10B2D3E4F
/interface bridge
add admin-mac=B8:69:F4:11:22:33 auto-mac=no comment=defconf name=bridge
/interface ethernet
set [ find default-name=ether1 ] comment=WAN
/interface list
add comment=defconf name=WAN
add comment=defconf name=LAN
/queue type
add kind=sfq name=voip-sfq sfq-perturb=5
/queue tree
add max-limit=18M name=upload parent=ether1 queue=default
add limit-at=2M max-limit=18M name=voip-up packet-mark=voip parent=upload \
    priority=1 queue=voip-sfq
add limit-at=4M max-limit=18M name=web-up packet-mark=web parent=upload \
    priority=4
add max-limit=18M name=bulk-up packet-mark=no-mark parent=upload
/interface bridge port
add bridge=bridge comment=defconf interface=ether2
add bridge=bridge comment=defconf interface=ether3
/ip neighbor discovery-settings
set discover-interface-list=LAN
/interface list member
add comment=defconf interface=bridge list=LAN
add comment=defconf interface=ether1 list=WAN
/ip address
add address=192.168.88.1/24 comment=defconf interface=bridge network=\
    192.168.88.0
/ip dhcp-client
add comment=defconf disabled=no interface=ether1
/ip dns
set allow-remote-requests=yes
/ip firewall address-list
add address=203.0.113.10 list=voip-providers
add address=198.51.100.0/24 list=voip-providers
/ip firewall filter
add action=accept chain=input comment=\
    "defconf: accept established,related,untracked" connection-state=\
    established,related,untracked
add action=drop chain=input comment="defconf: drop invalid" connection-state=\
    invalid
add action=accept chain=input comment="defconf: accept ICMP" protocol=icmp
add action=drop chain=input comment="defconf: drop all not coming from LAN" \
    in-interface-list=!LAN
add action=accept chain=forward comment="defconf: accept in ipsec policy" \
    ipsec-policy=in,ipsec
add action=fasttrack-connection chain=forward comment=\
    "defconf: fasttrack, but not VoIP" connection-mark=!voip-conn \
    connection-state=established,related
add action=accept chain=forward comment=\
    "defconf: accept established,related, untracked" connection-state=\
    established,related,untracked
add action=drop chain=forward comment="defconf: drop invalid" \
    connection-state=invalid
add action=drop chain=forward comment=\
    "defconf:  drop all from WAN not DSTNATed" connection-nat-state=!dstnat \
    connection-state=new in-interface-list=WAN
add action=log chain=forward disabled=yes log-prefix="FWD: " protocol=tcp \
    tcp-flags=syn
/ip firewall mangle
add action=mark-connection chain=prerouting comment="VoIP: SIP signalling" \
    dst-port=5060-5061 new-connection-mark=voip-conn passthrough=yes \
    protocol=udp
add action=mark-connection chain=prerouting comment="VoIP: RTP media" \
    dst-port=10000-20000 new-connection-mark=voip-conn passthrough=yes \
    protocol=udp
add action=mark-packet chain=forward connection-mark=voip-conn \
    new-packet-mark=voip passthrough=no
add action=mark-connection chain=prerouting connection-mark=no-mark \
    dst-port=80,443 new-connection-mark=web-conn passthrough=yes protocol=tcp
add action=mark-packet chain=forward connection-mark=web-conn \
    new-packet-mark=web passthrough=no
/ip firewall nat
add action=masquerade chain=srcnat comment="defconf: masquerade" \
    ipsec-policy=out,none out-interface-list=WAN
/ip firewall service-port
set sip disabled=yes
/ip service
set telnet disabled=yes
set ftp disabled=yes
/system clock
set time-zone-name=Europe/Riga
/system identity
set name=edge-rb750
