namespace Portfolio.Bench;
public static class CrossCheck { public static int Run(Args args) => 1; }
public static class BookingSpeed { public static int Run(Args args) => 1; }
