"""Response letters: numbered, frozen when issued, rendered to PDF by a worker, verifiable in public.

Numbers are ``<Jalali year>/<district, 2 digits>/<serial, 6 digits>`` (e.g.
``1404/03/000123``): one gap-free sequence per district and year. The public
verification code is 10 characters from an alphabet without look-alikes.
"""
