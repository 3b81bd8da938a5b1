# --- Initial System Setup ---
/system identity set name=SOHO-Router # Set router hostname for easy identification

# --- Enable WinBox Service ---
/ip service enable winbox # Ensure WinBox service is enabled (default)
/ip service set winbox port=8291 # (Optional) Change default WinBox port for security through obscurity
/ip service set winbox address=192.168.88.0/24 # (Recommended) Limit WinBox access to the local LAN subnet (adjust to your LAN network)
# Note: Leaving 'address' empty allows WinBox access from any IP. Restricting is crucial for security.

# --- User Management ---
/user add name=admin-soho password="YourStrongPassword" group=full # Create a dedicated admin user for SOHO management
/user disable admin # Disable the default 'admin' user after creating a new admin user
/user set admin password="DefaultAdminPasswordIsDisabled" # (Optional) Set a complex password for default admin and then disable it as a fallback.

# --- Basic Firewall for WinBox (if accessing from WAN - for advanced SOHO setups only, generally avoid WAN access for WinBox) ---
# /ip firewall filter add chain=input protocol=tcp dst-port=8291 action=accept comment="Allow WinBox from specific WAN IP (if needed)" src-address=YOUR_PUBLIC_IP
# /ip firewall filter add chain=input protocol=tcp dst-port=8291 action=drop comment="Drop WinBox from other WAN IPs (if WAN access enabled)" in-interface=wan
# Note: WAN access to WinBox significantly increases security risks. Use VPN or MikroTik Cloud for secure remote management instead of exposing WinBox directly to WAN.

# --- Backup Configuration (for disaster recovery) ---
/system backup save name=initial-config # Create an initial backup file
# Schedule regular backups (see section 9.5 for automated backups)
