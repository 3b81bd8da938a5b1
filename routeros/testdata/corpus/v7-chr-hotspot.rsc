# qosbench corpus: a real RouterOS export from a public repository, credentials replaced by REDACTED.
# source: https://github.com/sarmadzahoor920-eng/Network-Support-Engineer-Interview-Practical-Exercise- chr.rsc at commit 9b7b7e4a8189fbcb3d17bf906fa8e9913d49ba23
# 2026-01-03 12:54:04 by RouterOS 7.20.6
# system id = avtTLQ5UFMM
#
/interface ethernet
set [ find default-name=ether1 ] disable-running-check=no
set [ find default-name=ether2 ] disable-running-check=no
/ip hotspot profile
add dns-name=8.8.8.8 hotspot-address=192.168.10.1 name=hsprof1
/ip pool
add name=hs-pool-3 ranges=192.168.10.2-192.168.10.254
/ip hotspot
add address-pool=hs-pool-3 disabled=no interface=ether2 name=hotspot1 \
    profile=hsprof1
/port
set 0 name=serial0
/ip address
add address=192.168.10.1/24 interface=ether2 network=192.168.10.0
/ip dhcp-client
add interface=ether1
/ip dhcp-server
add address-pool=hs-pool-3 interface=ether2 name=dhcp1
/ip dhcp-server network
add address=192.168.10.0/24 comment="hotspot network" gateway=192.168.10.1
/ip dns
set servers=8.8.8.8
/ip firewall filter
add action=passthrough chain=unused-hs-chain comment=\
    "place hotspot rules here" disabled=yes
add action=drop chain=forward dst-address=1.1.1.1 dst-port=443 protocol=tcp
/ip firewall nat
add action=passthrough chain=unused-hs-chain comment=\
    "place hotspot rules here" disabled=yes
add action=masquerade chain=srcnat comment="masquerade hotspot network" \
    src-address=192.168.10.0/24
/ip hotspot user
add name=admin
/radius
add address=35.227.71.209 service=hotspot
