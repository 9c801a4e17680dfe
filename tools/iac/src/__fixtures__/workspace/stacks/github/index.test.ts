it('plans', () => expect(true).toBe(true));
