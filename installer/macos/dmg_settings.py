# dmgbuild settings for Relance: the .app and a link to /Applications, used by build.sh:
#     dmgbuild -s installer/macos/dmg_settings.py -D app=APP Relance build/Relance.dmg
import os.path

application = defines.get("app", "build/dist/Relance.app")  # noqa: F821 (dmgbuild defines it)
appname = os.path.basename(application)
format = "UDZO"
files = [application]
symlinks = {"Applications": "/Applications"}
icon_locations = {appname: (140, 120), "Applications": (500, 120)}
window_rect = ((100, 100), (640, 300))
