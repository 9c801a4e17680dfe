import pulumi

pulumi.export('name', 'legacy')
