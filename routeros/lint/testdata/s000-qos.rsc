# --- QoS Configuration ---

# 1. Simple Queue for Total WAN Upload and Download Bandwidth Limitation
/queue simple
add name="WAN-Upload-Limit" target-interface=ether1 max-limit=5M/5M queue=default-small comment="Total WAN Upload/Download Limit (adjust as needed)"
add name="WAN-Download-Limit" target-interface=ether1 max-limit=20M/20M queue=default-small comment="Total WAN Upload/Download Limit (adjust as needed)"

# 2. Queue Tree for Prioritization and Shaping
/queue tree
add name="WAN-Root" parent=global-total queue=default comment="Root Queue for WAN"
add name="Prioritize-VoIP" parent="WAN-Root" packet-marks=voip-packets queue=default-small priority=1 comment="Prioritize VoIP traffic"
add name="Prioritize-Web" parent="WAN-Root" packet-marks=web-packets queue=default-small priority=2 comment="Prioritize Web Browsing"
add name="Bulk-Traffic" parent="WAN-Root" queue=default-small priority=7 comment="Bulk/Low Priority Traffic"

# 3. Mangle Rules to Mark Packets for QoS
/ip firewall mangle
# Mark VoIP packets (example: SIP and RTP ports)
add chain=forward action=mark-packet new-packet-mark=voip-packets protocol=udp dst-port=5060,5061,10000-20000 comment="Mark VoIP UDP packets"
add chain=forward action=mark-packet new-packet-mark=voip-packets protocol=tcp dst-port=5060,5061 comment="Mark VoIP TCP packets"

# Mark Web Browsing packets (HTTP and HTTPS)
add chain=forward action=mark-packet new-packet-mark=web-packets protocol=tcp dst-port=80,443 comment="Mark Web Browsing packets"

# Optional: Classify Bulk Traffic (e.g., large downloads - adjust as needed)
# Example: Limit bandwidth for traffic to common download ports (HTTP/FTP) and large packet sizes
# add chain=forward action=mark-packet new-packet-mark=bulk-packets protocol=tcp dst-port=80,21,20 packet-size=1500-65535 comment="Mark Bulk Download Traffic (Example)"
# and assign Bulk-Traffic queue to packets marked 'bulk-packets' in Queue Tree.

