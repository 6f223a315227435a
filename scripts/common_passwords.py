"""Regenerates Sources/Platform/Resources/common-passwords.txt from zxcvbn's frequency list (PyPI, MIT licence):
passwords of at least 4 characters, lower-cased, each also as typed on the Russian ЙЦУКЕН layout. Short ones matter:
PasswordPolicy also looks up a password's base without trailing digits and signs (`Qwerty123!` → `qwerty`)."""
import glob, os, subprocess, sys, tempfile, zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "Sources", "Platform", "Resources", "common-passwords.txt")
RUSSIAN = ["пароль", "привет", "любовь", "солнышко", "наташа", "россия", "москва", "ангел", "котик", "зайка", "марина",
           "пароль123", "йцукенгш", "йцукен", "парольпароль"]
HEADER = """# Common passwords refused at registration and password change (NIST SP 800-63B §5.1.1.2): the 30,000 most frequent
# passwords of zxcvbn 4.5.0 (MIT, frequency_lists.passwords) that are at least 4 characters long, lower-cased, each also
# as typed on the Russian ЙЦУКЕН layout, plus a few Russian favourites. Regenerate: scripts/common_passwords.py.
"""


def main():
    tmp = tempfile.mkdtemp()
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", tmp, "zxcvbn==4.5.0"], check=True)
    zipfile.ZipFile(glob.glob(tmp + "/*.whl")[0]).extractall(tmp)
    sys.path.insert(0, tmp)
    from zxcvbn.frequency_lists import FREQUENCY_LISTS
    layout = str.maketrans("qwertyuiop[]asdfghjkl;'zxcvbnm,.", "йцукенгшщзхъфывапролджэячсмитьбю")
    out = set(w for w in RUSSIAN if len(w) >= 4)
    for p in FREQUENCY_LISTS["passwords"]:
        p = p.lower()
        if len(p) >= 4:
            out.add(p)
            if any(c.isalpha() for c in p):
                out.add(p.translate(layout))
    with open(OUT, "w") as f:
        f.write(HEADER + "\n".join(sorted(out)) + "\n")
    print(len(out), "passwords written to", OUT)


if __name__ == "__main__":
    main()
